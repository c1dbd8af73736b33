package dev.coffer.core.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * JSON lines to a TCP peer (a log collector). While the peer is down, lines go to a local spool
 * file (fsynced, so they count as recorded); when the peer comes back the spool is sent first, in
 * order, then new lines. Without a spool file a down peer is a failed write.
 */
final class SocketSink implements AuditSink {
    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final Path spool;
    private Socket socket;
    private OutputStream out;

    SocketSink(String address, int timeoutMillis, Path spool) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("socket address must be host:port");
        }
        this.address = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        this.timeoutMillis = timeoutMillis;
        this.spool = spool;
    }

    @Override
    public void write(List<byte[]> lines) throws IOException {
        try {
            connect();
            drainSpool();
            for (byte[] l : lines) {
                out.write(l);
            }
            out.flush();
        } catch (IOException down) {
            disconnect();
            if (spool == null) {
                throw down;
            }
            appendToSpool(lines);
        }
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.connect(address, timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        socket = s;
        out = s.getOutputStream();
    }

    private void drainSpool() throws IOException {
        if (spool == null || !Files.exists(spool) || Files.size(spool) == 0) {
            return;
        }
        Files.copy(spool, out);
        out.flush();
        try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.force(true);
        }
    }

    private void appendToSpool(List<byte[]> lines) throws IOException {
        if (!Files.exists(spool)) {
            try {
                Files.createFile(spool, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(spool);
            }
        }
        try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (byte[] l : lines) {
                ch.write(java.nio.ByteBuffer.wrap(l));
            }
            ch.force(false);
        }
    }

    private void disconnect() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // already broken
        }
        socket = null;
        out = null;
    }

    @Override
    public void close() {
        disconnect();
    }
}
