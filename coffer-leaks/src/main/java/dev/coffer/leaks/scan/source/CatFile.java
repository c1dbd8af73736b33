package dev.coffer.leaks.scan.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Blob contents through one long-lived {@code git cat-file --batch}: one request line, one answer,
 * so no pipe ever fills up on either side. Not thread-safe: the reading thread owns it.
 */
final class CatFile implements AutoCloseable {
    private final GitProcess git;
    private final OutputStream requests;
    private final InputStream answers;
    private final byte[] skipBuffer = new byte[64 * 1024];

    CatFile(Path repo) throws IOException {
        git = GitProcess.start(repo, "cat-file", "--batch");
        requests = new BufferedOutputStream(git.process().getOutputStream());
        answers = new BufferedInputStream(git.stdout(), 64 * 1024);
    }

    /** A blob's content (up to the cap) and its full size. */
    record Blob(byte[] data, int length, long size) {}

    /** Reads an object by id, keeping at most {@code cap} bytes; null if git does not have it or it is no blob. */
    Blob read(String objectName, long cap, Reservation reservation) throws IOException {
        requests.write((objectName + "\n").getBytes(StandardCharsets.UTF_8));
        requests.flush();
        String header = readLine();
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
            return null;
        }
        String[] parts = header.split(" ");
        if (parts.length != 3) {
            throw new IOException("git cat-file: unexpected answer: " + header);
        }
        long size;
        try {
            size = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new IOException("git cat-file: unexpected size in: " + header);
        }
        if (!parts[1].equals("blob")) {
            skip(size + 1);
            return null;
        }
        int keep = (int) Math.min(size, cap);
        reservation.reserve(keep);
        byte[] data = new byte[keep];
        int n = answers.readNBytes(data, 0, keep);
        if (n < keep) {
            throw new EOFException("git cat-file: the output ended inside a blob");
        }
        skip(size - keep + 1);
        return new Blob(data, keep, size);
    }

    /** Reserves memory for a blob once its size is known (before it is read). */
    interface Reservation {
        void reserve(int bytes) throws IOException;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = answers.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n));
            if (r < 0) {
                throw new EOFException("git cat-file: the output ended early");
            }
            n -= r;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = answers.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("git cat-file ended" + (git.stderrText().isEmpty() ? "" : ": " + git.stderrText()));
            }
            if (line.length() > 4096) {
                throw new IOException("git cat-file: answer line too long");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            requests.close();
        } catch (IOException e) {
            // git already went away; the exit below is what matters.
        }
        // Unread answers (after a failure) would keep git blocked on a full pipe: closing ends it.
        answers.close();
        git.waitFor();
        git.close();
    }
}
