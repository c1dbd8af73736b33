package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stand-in detector for source and report tests: finds {@code MARKER_} followed by 8+ letters or digits. */
public final class MarkerDetector implements Detector {
    private static final Pattern MARKER = Pattern.compile("MARKER_[A-Za-z0-9]{8,}");

    @Override
    public void scan(Origin origin, byte[] data, int offset, int length, ScanListener out) {
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            int lineStart = text.lastIndexOf('\n', m.start()) + 1;
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            int column = m.start() - lineStart + 1;
            out.finding(new Finding("test-marker", "Test marker", Severity.HIGH, origin, line, column, line,
                    column + m.group().length(), m.group().substring(0, 9) + "***", sha256(m.group()), null));
        }
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
