package dev.coffer.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The token {@code coffer login} stores, as Vault's token helper does: the bare token in
 * {@code ~/.coffer-token} (home from {@code user.home}), or in the file the system property
 * {@code coffer.token.file} names. The file is created readable by its owner only (0600) before
 * any byte of the token is written, and replaces the old one with an atomic rename, so no reader
 * ever sees a half-written or world-readable token.
 */
final class TokenFile {
    /** System property naming another token file (tests; or {@code COFFER_JAVA_OPTS=-Dcoffer.token.file=...}). */
    static final String PROPERTY = "coffer.token.file";

    private TokenFile() {}

    static Path path() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".coffer-token");
    }

    /** The stored token, if the file exists and holds one. */
    static Optional<String> read() {
        Path f = path();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            String t = Files.readString(f, StandardCharsets.UTF_8).strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (IOException e) {
            throw new CliFailure(1, "Error reading the token file " + f + ": " + e.getMessage());
        }
    }

    static void write(String token) {
        Path f = path().toAbsolutePath();
        Path dir = f.getParent();
        Path tmp = dir.resolve("." + f.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliFailure(1, "Error storing the token in " + f + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file holds the token; nothing more can be done than report the main error
            }
        }
    }

    /** Removes the stored token; whether there was one. */
    static boolean delete() {
        Path f = path();
        try {
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new CliFailure(1, "Error removing the token file " + f + ": " + e.getMessage());
        }
    }
}
