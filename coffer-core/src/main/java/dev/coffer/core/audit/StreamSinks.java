package dev.coffer.core.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The two sinks without durability of their own: standard output and syslog over UDP. */
final class StreamSinks {
    private StreamSinks() {}

    /** {@code file_path = "stdout"}: for containers whose runtime collects standard output. */
    static AuditSink stdout() {
        PrintStream out = System.out;
        return new AuditSink() {
            @Override
            public void write(List<byte[]> lines) throws IOException {
                for (byte[] l : lines) {
                    out.write(l);
                }
                out.flush();
                if (out.checkError()) {
                    throw new IOException("standard output is closed");
                }
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /**
     * RFC 5424 messages over UDP, one line per datagram (facility auth, severity info). UDP cannot
     * tell a dead peer from a live one, so a syslog device alone is weak evidence: pair it with a
     * file device.
     */
    static AuditSink syslog(String address, String tag, Clock clock) throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress to = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        DatagramSocket socket = new DatagramSocket();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        return new AuditSink() {
            @Override
            public void write(List<byte[]> lines) throws IOException {
                for (byte[] l : lines) {
                    String header = "<38>1 " + DateTimeFormatter.ISO_INSTANT.format(clock.instant()) + " " + host + " "
                            + tag + " - - - ";
                    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
                    byte[] msg = new byte[h.length + l.length - 1];
                    System.arraycopy(h, 0, msg, 0, h.length);
                    System.arraycopy(l, 0, msg, h.length, l.length - 1);
                    socket.send(new DatagramPacket(msg, msg.length, to));
                }
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
