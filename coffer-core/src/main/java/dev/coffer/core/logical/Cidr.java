package dev.coffer.core.logical;

import dev.coffer.core.CofferException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An IPv4 or IPv6 block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32} (a bare address is a
 * block of one), for {@code token_bound_cidrs} and {@code secret_id_bound_cidrs}. Parsing takes
 * only numeric addresses: no name is ever looked up.
 */
public record Cidr(byte[] network, int prefix) {

    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw CofferException.invalid("a CIDR block must not be empty");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = numeric(addr).orElseThrow(() -> CofferException.invalid("invalid CIDR block '" + t + "'"));
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw CofferException.invalid("invalid CIDR block '" + t + "': the prefix length must be a number");
            }
            if (prefix < 0 || prefix > bits) {
                throw CofferException.invalid("invalid CIDR block '" + t + "': the prefix length must be 0 to " + bits);
            }
        }
        return new Cidr(bytes, prefix);
    }

    public static List<Cidr> parseAll(List<String> texts) {
        return texts.stream().map(Cidr::parse).toList();
    }

    /** True if {@code address} (numeric) lies in this block; false for anything unparsable. */
    public boolean contains(String address) {
        byte[] a = numeric(address).orElse(null);
        if (a == null || a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** True if the list is empty (no restriction) or one block holds {@code address}. */
    public static boolean allows(List<String> blocks, String address) {
        if (blocks.isEmpty()) {
            return true;
        }
        for (String b : blocks) {
            if (parse(b).contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<byte[]> numeric(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return java.util.Optional.empty();
        }
        String x = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = x.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        boolean v6 = x.contains(":") && x.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (v4) {
            String[] parts = x.split("\\.", -1);
            if (parts.length != 4) {
                return java.util.Optional.empty();
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3) {
                    return java.util.Optional.empty();
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return java.util.Optional.empty();
                }
                out[i] = (byte) v;
            }
            return java.util.Optional.of(out);
        }
        if (!v6) {
            return java.util.Optional.empty();
        }
        try {
            // Only hex digits, ':' and '.' reach here: InetAddress parses it as a literal, no lookup.
            byte[] b = InetAddress.getByName(x).getAddress();
            return java.util.Optional.of(b);
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return "invalid";
        }
    }
}
