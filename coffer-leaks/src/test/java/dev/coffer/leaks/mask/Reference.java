package dev.coffer.leaks.mask;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The masking rule written the obvious way, to compare the streaming masker against. */
final class Reference {
    private Reference() {
    }

    /** Marks every byte of every occurrence of every pattern; each run of marked bytes becomes the replacement. */
    static byte[] mask(byte[] input, List<byte[]> patterns, byte[] replacement) {
        boolean[] masked = new boolean[input.length];
        for (byte[] p : patterns) {
            for (int i = 0; i + p.length <= input.length; i++) {
                if (Arrays.equals(input, i, i + p.length, p, 0, p.length)) {
                    Arrays.fill(masked, i, i + p.length, true);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            if (!masked[i]) {
                out.write(input[i]);
            } else if (i == 0 || !masked[i - 1]) {
                out.writeBytes(replacement);
            }
        }
        return out.toByteArray();
    }

    /** The patterns a masker with encodings builds for these values (the short ones refused). */
    static List<byte[]> patterns(List<byte[]> values, boolean encodings) {
        List<byte[]> patterns = new ArrayList<>();
        for (byte[] v : values) {
            if (v.length >= Encodings.MIN_VALUE_LENGTH) {
                patterns.addAll(Encodings.of(v, encodings));
            }
        }
        return patterns;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
