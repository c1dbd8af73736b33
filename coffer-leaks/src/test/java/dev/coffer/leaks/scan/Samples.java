package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Fills the corpus templates with made-up values in real formats, from a seeded {@link Random} so
 * that a run repeats. Never a real credential: every value is random, checksums are computed here.
 */
final class Samples {
    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("\\{([a-zA-Z]+)(?::([^}:]+))?(?::([^}]+))?}");

    /** What is written into the file and the part of it the rule reports as the secret. */
    record Sample(String planted, String secret) {}

    private final Random random;

    Samples(long seed) {
        this.random = new Random(seed);
    }

    Sample expand(String template) {
        StringBuilder planted = new StringBuilder();
        String secret = null;
        Matcher m = TOKEN.matcher(template);
        int last = 0;
        while (m.find()) {
            planted.append(template, last, m.start());
            Sample part = token(m.group(1), m.group(2), m.group(3));
            if (!part.planted().equals(part.secret())) {
                secret = part.secret();
            }
            planted.append(part.planted());
            last = m.end();
        }
        planted.append(template.substring(last));
        return new Sample(planted.toString(), secret == null ? planted.toString() : secret);
    }

    private Sample token(String kind, String a, String b) {
        return switch (kind) {
            case "a" -> same(chars(ALNUM, n(a)));
            case "l" -> same(chars("abcdefghijklmnopqrstuvwxyz0123456789", n(a)));
            case "L" -> same(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", n(a)));
            case "U" -> same(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n(a)));
            case "w" -> same(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n(a)));
            case "z" -> same(chars("abcdefghijklmnopqrstuvwxyz234567", n(a)));
            case "h" -> same(chars("0123456789abcdef", n(a)));
            case "d" -> same(chars("0123456789", n(a)));
            case "b" -> same(chars(ALNUM + "+/", n(a)));
            case "u" -> same(chars(ALNUM + "-_", n(a)));
            case "bech" -> same(chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", n(a)));
            case "pw" -> same(password(n(a)));
            case "uuid" -> same(uuid());
            case "jwt" -> same(jwt());
            case "crc" -> same(crcToken(a, n(b), false));
            case "badcrc" -> same(crcToken(a, n(b), true));
            case "azure" -> same(azure(a, n(b), false));
            case "badazure" -> same(azure(a, n(b), true));
            case "glroutable" -> same(gitlabRoutable(false));
            case "badglroutable" -> same(gitlabRoutable(true));
            case "basicauth" -> same(Base64.getEncoder().encodeToString(("deploy:" + password(16)).getBytes(StandardCharsets.UTF_8)));
            case "pem" -> pem(a, true);
            case "badpem" -> pem(a, false);
            case "putty" -> putty();
            default -> throw new IllegalArgumentException("unknown template token " + kind);
        };
    }

    private static Sample same(String s) {
        return new Sample(s, s);
    }

    private static int n(String s) {
        return Integer.parseInt(s);
    }

    String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String password(int n) {
        return chars("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + chars("abcdefghijkmnopqrstuvwxyz", n - 6) + chars("23456789", 2)
                + chars("!*-._~", 2);
    }

    String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    String jwt() {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = enc.encodeToString(("{\"sub\":\"" + chars(ALNUM, 12) + "\",\"iat\":1700000000,\"role\":\"deploy\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + chars(ALNUM + "-_", 43);
    }

    String crcToken(String prefix, int n, boolean broken) {
        String body = chars(ALNUM, n);
        String crc = Checksums.crc32Base62(body, 6);
        if (broken) {
            crc = crc.substring(0, 5) + (crc.charAt(5) == 'A' ? 'B' : 'A');
        }
        return prefix + body + crc;
    }

    String azure(String signature, int bytes, boolean broken) {
        boolean url = signature.equals("AzFu");
        Base64.Encoder enc = url ? Base64.getUrlEncoder() : Base64.getEncoder();
        Base64.Decoder dec = url ? Base64.getUrlDecoder() : Base64.getDecoder();
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        String text = enc.encodeToString(raw);
        String trimmed = text.replace("=", "");
        int sig = trimmed.length() - 10;
        String padding = text.substring(trimmed.length());
        text = trimmed.substring(0, sig) + signature + "A" + trimmed.substring(sig + 5) + padding;
        raw = dec.decode(text);
        int checksum = Checksums.marvin32(raw, 0, raw.length - 4, seedOf(signature)) ^ (broken ? 1 : 0);
        for (int i = 0; i < 4; i++) {
            raw[raw.length - 4 + i] = (byte) (checksum >>> (8 * i));
        }
        return enc.encodeToString(raw);
    }

    private static long seedOf(String signature) {
        return switch (signature) {
            case "+ASt" -> 0x44656661756c7430L;
            case "ACDb" -> 0x4d61737452573030L;
            case "+ABa" -> 0x4162416363743030L;
            case "AzCa" -> 0x4163636573733030L;
            case "AzSe" -> 0x5041646d696e3030L;
            case "+AMC" -> 0x436c617373696330L;
            case "+ACR" -> 0x41435244666c7430L;
            case "AIoT" -> 0x496f544875623030L;
            case "APIM" -> 0x4761746577793030L;
            case "AzFu" -> 0x46756e6374693030L;
            case "+ASb", "+AEh", "+ARm" -> 0x53656e6430303030L;
            default -> throw new IllegalArgumentException(signature);
        };
    }

    String gitlabRoutable(boolean broken) {
        byte[] rnd = new byte[16];
        random.nextBytes(rnd);
        byte[] routing = ("c:1\no:" + Long.toString(random.nextInt(1_000_000), 36) + "\nu:"
                + Long.toString(random.nextInt(1_000_000), 36)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] payload = new byte[routing.length + 17];
        System.arraycopy(routing, 0, payload, 0, routing.length);
        System.arraycopy(rnd, 0, payload, routing.length, 16);
        payload[payload.length - 1] = 16;
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        String len = Integer.toString(b64.length(), 36);
        String body = "glpat-" + b64 + ".01." + (len.length() < 2 ? "0" + len : len);
        String crc = Checksums.crc32Base36(body, 7);
        return body + (broken ? crc.substring(0, 6) + (crc.charAt(6) == '0' ? '1' : '0') : crc);
    }

    private Sample pem(String type, boolean valid) {
        byte[] der = new byte[type.startsWith("OPENSSH") ? 400 : 600];
        random.nextBytes(der);
        if (type.startsWith("OPENSSH")) {
            byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(magic, 0, der, 0, magic.length);
        } else if (type.startsWith("PGP")) {
            der[0] = (byte) 0xC5;
        } else {
            der[0] = 0x30;
            der[1] = (byte) 0x82;
        }
        if (!valid) {
            der[0] = 0x11;
        }
        String b64 = Base64.getMimeEncoder(type.startsWith("OPENSSH") ? 70 : 64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        String body = type.startsWith("PGP") ? "Version: Coffer corpus 1\n\n" + b64 + "\n=" + chars(ALNUM, 4) : b64;
        return new Sample("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----", body);
    }

    private Sample putty() {
        byte[] priv = new byte[300];
        random.nextBytes(priv);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(priv);
        String pub = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(priv).substring(0, 129);
        String planted = "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-20240101\nPublic-Lines: 2\n"
                + pub + "\nPrivate-Lines: " + body.split("\n").length + "\n" + body + "\nPrivate-MAC: " + chars("0123456789abcdef", 40);
        return new Sample(planted, body);
    }
}
