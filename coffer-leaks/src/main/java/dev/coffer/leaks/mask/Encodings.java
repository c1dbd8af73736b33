package dev.coffer.leaks.mask;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The byte strings under which a value shows up in a log: the value itself and the forms that
 * common tools print it in. Every string returned is at least {@link #MIN_VALUE_LENGTH} bytes.
 * See docs/mask.md for why each form is there.
 */
final class Encodings {
    /** Shorter values are refused: masking them would garble ordinary output. */
    static final int MIN_VALUE_LENGTH = 4;

    /**
     * The fewest base64 characters masked inside a longer base64 text: 6 characters are 36 bits,
     * more than the 32 bits of the shortest value masked literally.
     */
    static final int MIN_BASE64_CORE = 6;

    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private static final int URL = 1;
    private static final int JSON = 2;
    private static final int SHELL = 4;
    private static final int NEWLINE = 8;
    /** Per byte: which encoded forms it can make differ from the value itself. */
    private static final byte[] KIND = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            int kind = 0;
            if (!alnum && "-._".indexOf(c) < 0) {
                kind |= URL;
            }
            if (c < 0x20 || c >= 0x80 || "\"\\/<>&".indexOf(c) >= 0) {
                kind |= JSON;
            }
            if (c < 0x20 || " '\"\\|&;()<>!{}*[]?^$`".indexOf(c) >= 0) {
                kind |= SHELL;
            }
            if (c == '\n') {
                kind |= NEWLINE;
            }
            KIND[c] = (byte) kind;
        }
    }

    private Encodings() {
    }

    /** The value, then (if {@code encodings}) its encoded forms; duplicates are possible. */
    static List<byte[]> of(byte[] value, boolean encodings) {
        List<byte[]> out = new ArrayList<>(24);
        out.add(value.clone());
        if (!encodings) {
            return out;
        }
        base64(value, out);
        out.add(hex(value, HEX_LOWER));
        out.add(hex(value, HEX_UPPER));
        int kinds = 0;
        for (byte b : value) {
            kinds |= KIND[b & 0xff];
        }
        // A value made of letters and digits only is its own URL, JSON and shell form.
        if ((kinds & URL) != 0) {
            urlEncoded(value, out);
        }
        if ((kinds & JSON) != 0) {
            jsonEscaped(value, out);
        }
        if ((kinds & SHELL) != 0) {
            shellQuoted(value, out);
        }
        // Only the lines of a multi-line value can be short.
        if ((kinds & NEWLINE) != 0) {
            lines(value, out);
        }
        return out;
    }

    /**
     * Base64 at the three alignments a value can have inside a longer base64 text, each reduced to
     * the characters made of the value's bits only, and the value encoded alone (padded and not,
     * and with the trailing newline that {@code echo VALUE | base64} adds); standard and URL-safe.
     */
    static void base64(byte[] value, List<byte[]> out) {
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        int n = value.length;
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + n];
            System.arraycopy(value, 0, shifted, k, n);
            byte[] encoded = encoder.encode(shifted);
            if (k == 0) {
                both(encoded, out);
                both(padded(encoded), out);
            }
            // Character i holds bits [6i, 6i+6) of the shifted bytes; the value owns bits [8k, 8k+8n).
            int from = (8 * k + 5) / 6;
            int to = 8 * (k + n) / 6;
            if (to - from >= MIN_BASE64_CORE) {
                both(Arrays.copyOfRange(encoded, from, to), out);
            }
        }
        byte[] withNewline = Arrays.copyOf(value, n + 1);
        withNewline[n] = '\n';
        both(padded(encoder.encode(withNewline)), out);
    }

    /** The standard base64 text, and its URL-safe form if that differs. */
    private static void both(byte[] standard, List<byte[]> out) {
        out.add(standard);
        byte[] urlSafe = null;
        for (int i = 0; i < standard.length; i++) {
            byte c = standard[i];
            if (c == '+' || c == '/') {
                if (urlSafe == null) {
                    urlSafe = standard.clone();
                }
                urlSafe[i] = c == '+' ? (byte) '-' : (byte) '_';
            }
        }
        if (urlSafe != null) {
            out.add(urlSafe);
        }
    }

    private static byte[] padded(byte[] unpadded) {
        int len = (unpadded.length + 3) / 4 * 4;
        byte[] p = Arrays.copyOf(unpadded, len);
        Arrays.fill(p, unpadded.length, len, (byte) '=');
        return p;
    }

    static byte[] hex(byte[] value, byte[] digits) {
        byte[] out = new byte[value.length * 2];
        for (int i = 0; i < value.length; i++) {
            out[2 * i] = digits[(value[i] >> 4) & 0xf];
            out[2 * i + 1] = digits[value[i] & 0xf];
        }
        return out;
    }

    /**
     * Percent-encoding as the common encoders do it: RFC 3986 (curl, PHP rawurlencode, Python quote
     * with safe=''), lower-case hex, form encoding with '+' for space (Go QueryEscape, Python
     * quote_plus), Java's URLEncoder, JavaScript's encodeURIComponent, Python's quote (keeps '/').
     */
    private static void urlEncoded(byte[] value, List<byte[]> out) {
        String unreserved = "-._~";
        out.add(percent(value, unreserved, false, HEX_UPPER));
        out.add(percent(value, unreserved, false, HEX_LOWER));
        out.add(percent(value, unreserved, true, HEX_UPPER));
        out.add(percent(value, ".-*_", true, HEX_UPPER));
        out.add(percent(value, "-_.!~*'()", false, HEX_UPPER));
        out.add(percent(value, "-._~/", false, HEX_UPPER));
    }

    private static byte[] percent(byte[] value, String keep, boolean plusForSpace, byte[] digits) {
        Bytes out = new Bytes(value.length * 3);
        for (byte b : value) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c < 0x80 && keep.indexOf(c) >= 0) {
                out.write(c);
            } else if (c == ' ' && plusForSpace) {
                out.write('+');
            } else {
                out.write('%');
                out.write(digits[c >> 4]);
                out.write(digits[c & 0xf]);
            }
        }
        return out.toByteArray();
    }

    /**
     * The inside of a JSON string as the common writers produce it; only the forms that can differ
     * for this value are made. A value that is not UTF-8 keeps its non-ASCII bytes as they are.
     */
    private static void jsonEscaped(byte[] value, List<byte[]> out) {
        boolean nonAscii = false;
        boolean control = false;
        boolean slash = false;
        boolean html = false;
        for (byte b : value) {
            int c = b & 0xff;
            nonAscii |= c >= 0x80;
            control |= c < 0x20 && "\n\r\t\b\f".indexOf(c) < 0;
            slash |= c == '/';
            html |= c == '<' || c == '>' || c == '&';
        }
        String text = nonAscii ? utf8(value) : null;
        // JavaScript, Go's json.Marshal with SetEscapeHTML(false), Python with ensure_ascii=False.
        out.add(json(value, text, false, false, false, false));
        if (control) {
            // Jackson writes the other control characters as backslash-u escapes with upper-case digits.
            out.add(json(value, text, true, false, false, false));
        }
        if (text != null) {
            // Python's json.dumps (ensure_ascii), and Jackson with ESCAPE_NON_ASCII.
            out.add(json(value, text, false, true, false, false));
            out.add(json(value, text, true, true, false, false));
        }
        if (slash) {
            // PHP's json_encode: escaped slashes, and backslash-u escapes for non-ASCII.
            out.add(json(value, text, false, true, true, false));
        }
        if (html || text != null) {
            // Go's json.Marshal: <, >, & and U+2028, U+2029 as backslash-u escapes.
            out.add(json(value, text, false, false, false, true));
        }
    }

    private static byte[] json(byte[] value, String text, boolean upper, boolean escapeNonAscii, boolean escapeSlash,
                               boolean htmlSafe) {
        Bytes out = new Bytes(value.length + 16);
        if (text == null) {
            for (byte b : value) {
                int c = b & 0xff;
                if (c >= 0x80) {
                    out.write(c);
                } else {
                    jsonChar(out, (char) c, upper, escapeSlash, htmlSafe);
                }
            }
            return out.toByteArray();
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x80) {
                jsonChar(out, ch, upper, escapeSlash, htmlSafe);
            } else if (escapeNonAscii || htmlSafe && (ch == '\u2028' || ch == '\u2029')) {
                unicodeEscape(out, ch, upper);
            } else {
                int cp = text.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static void jsonChar(Bytes out, char ch, boolean upper, boolean escapeSlash, boolean htmlSafe) {
        switch (ch) {
            case '"' -> two(out, '"');
            case '\\' -> two(out, '\\');
            case '\n' -> two(out, 'n');
            case '\r' -> two(out, 'r');
            case '\t' -> two(out, 't');
            case '\b' -> two(out, 'b');
            case '\f' -> two(out, 'f');
            case '/' -> {
                if (escapeSlash) {
                    two(out, '/');
                } else {
                    out.write('/');
                }
            }
            default -> {
                if (ch < 0x20 || htmlSafe && (ch == '<' || ch == '>' || ch == '&')) {
                    unicodeEscape(out, ch, upper);
                } else {
                    out.write(ch);
                }
            }
        }
    }

    private static void two(Bytes out, char escaped) {
        out.write('\\');
        out.write(escaped);
    }

    private static void unicodeEscape(Bytes out, char ch, boolean upper) {
        byte[] digits = upper ? HEX_UPPER : HEX_LOWER;
        out.write('\\');
        out.write('u');
        out.write(digits[(ch >> 12) & 0xf]);
        out.write(digits[(ch >> 8) & 0xf]);
        out.write(digits[(ch >> 4) & 0xf]);
        out.write(digits[ch & 0xf]);
    }

    /** The value decoded as UTF-8, or null if it is not UTF-8. */
    private static String utf8(byte[] value) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The inside of shell quotes: '…' with ' written as '\'' (xtrace, ${v@Q}) or '"'"', "…" with
     * \ " $ ` escaped, and the backslash form of printf %q.
     */
    private static void shellQuoted(byte[] value, List<byte[]> out) {
        out.add(replaceQuote(value, "'\\''"));
        out.add(replaceQuote(value, "'\"'\"'"));
        out.add(backslashed(value, "\\\"$`"));
        boolean control = false;
        for (byte b : value) {
            control |= (b & 0xff) < 0x20 && b != '\t';
        }
        if (!control) {
            out.add(backslashed(value, " \t'\"\\|&;()<>!{}*[]?^$`"));
        }
    }

    private static byte[] replaceQuote(byte[] value, String with) {
        Bytes out = new Bytes(value.length + 8);
        for (byte b : value) {
            if (b == '\'') {
                out.write(with.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] backslashed(byte[] value, String special) {
        Bytes out = new Bytes(value.length + 8);
        for (byte b : value) {
            if (b >= 0 && special.indexOf(b) >= 0) {
                out.write('\\');
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    /** Each line of a multi-line value (a PEM key), without its line end; short lines are left out. */
    private static void lines(byte[] value, List<byte[]> out) {
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\n') {
                line(value, start, i, out);
                start = i + 1;
            }
        }
        if (start > 0) {
            line(value, start, value.length, out);
        }
    }

    private static void line(byte[] value, int start, int end, List<byte[]> out) {
        int e = end > start && value[end - 1] == '\r' ? end - 1 : end;
        if (e - start >= MIN_VALUE_LENGTH) {
            out.add(Arrays.copyOfRange(value, start, e));
        }
    }

    /** A growing byte array; ByteArrayOutputStream would lock on every byte. */
    private static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        void write(byte[] b) {
            for (byte x : b) {
                write(x);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
