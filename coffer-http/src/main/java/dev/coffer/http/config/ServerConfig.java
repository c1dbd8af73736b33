package dev.coffer.http.config;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server's configuration file, in Vault's shape: HCL, or JSON with the same structure.
 *
 * <pre>
 * storage "sqlite" { path = "/var/lib/coffer/coffer.db" }
 * listener "tcp" {
 *   address       = "0.0.0.0:8200"
 *   tls_cert_file = "..."
 *   tls_key_file  = "..."
 * }
 * ui = true
 * log_level = "info"
 * </pre>
 *
 * One attribute per line (hcl4j does not read several on one line). Unknown top-level keys and
 * unknown listener options are errors, so a typo is not silently a weaker setting.
 */
public record ServerConfig(StorageConfig storage, List<ListenerConfig> listeners, boolean ui, String logLevel) {
    private static final Set<String> TOP = Set.of("storage", "backend", "listener", "ui", "log_level",
            "disable_mlock", "api_addr", "cluster_addr", "cluster_name", "default_lease_ttl", "max_lease_ttl");
    private static final Set<String> LISTENER = Set.of("address", "tls_cert_file", "tls_key_file", "tls_disable",
            "max_request_size", "cluster_address", "tls_min_version", "tls_client_ca_file",
            "tls_require_and_verify_client_cert", "tls_disable_client_certs");
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public ServerConfig {
        listeners = List.copyOf(listeners);
    }

    public static ServerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CofferException.invalid("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.getFileName().toString().endsWith(".json"), file.getParent());
    }

    /** Parses HCL (or JSON when {@code json}); relative file paths resolve against {@code base}. */
    public static ServerConfig parse(String text, boolean json, Path base) {
        Map<String, Object> root;
        try {
            root = json ? parseJson(text) : parseHcl(text);
        } catch (CofferException e) {
            throw e;
        } catch (Exception e) {
            throw CofferException.invalid("config is not valid " + (json ? "JSON" : "HCL") + ": "
                    + firstLine(e.getMessage()));
        }
        for (String k : root.keySet()) {
            if (!TOP.contains(k)) {
                throw CofferException.invalid("config: unknown setting '" + k + "'");
            }
        }
        StorageConfig storage = storage(root.containsKey("storage") ? root.get("storage") : root.get("backend"), base);
        List<ListenerConfig> listeners = new ArrayList<>();
        for (Map<String, Object> block : blocks(root.get("listener"), "listener")) {
            listeners.add(listener(block, base));
        }
        if (listeners.isEmpty()) {
            throw CofferException.invalid("config: at least one listener \"tcp\" block is required");
        }
        String level = str(root.getOrDefault("log_level", "info"), "log_level").toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw CofferException.invalid("config: log_level must be one of " + new TreeMap<>(
                    Map.of("trace", 1, "debug", 2, "info", 3, "warn", 4, "error", 5)).keySet());
        }
        return new ServerConfig(storage, listeners, bool(root.getOrDefault("ui", false), "ui"), level);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseJson(String text) throws IOException {
        Object o = new ObjectMapper().readValue(text, Object.class);
        if (!(o instanceof Map)) {
            throw CofferException.invalid("config: the JSON document must be an object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseHcl(String text) throws Exception {
        // hcl4j evaluates templates and functions and fetches URLs in data "http" blocks while it
        // parses: only the plain subset a configuration needs may reach it.
        dev.coffer.core.policy.HclPrecheck.checkDocument("config", TOP, text);
        return (Map<String, Object>) new HCLParser().parse(text);
    }

    /**
     * Typed blocks such as {@code listener "tcp" {...}}: HCL gives {@code {tcp: {...}}} (or a list
     * of those when repeated); JSON may give either form too. Returns the bodies of {@code "tcp"}.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(Object node, String what) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        List<Object> items = node instanceof List<?> l ? (List<Object>) l : List.of(node);
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw CofferException.invalid("config: " + what + " must be a block");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!"tcp".equals(e.getKey())) {
                    throw CofferException.invalid("config: unknown " + what + " type '" + e.getKey()
                            + "' (supported: tcp)");
                }
                Object body = e.getValue();
                List<Object> bodies = body instanceof List<?> bl ? (List<Object>) bl : List.of(body);
                for (Object b : bodies) {
                    if (!(b instanceof Map<?, ?>)) {
                        throw CofferException.invalid("config: " + what + " \"tcp\" must be a block");
                    }
                    out.add((Map<String, Object>) b);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static StorageConfig storage(Object node, Path base) {
        if (node == null) {
            throw CofferException.invalid("config: a storage block is required, e.g. storage \"sqlite\" { path = \"coffer.db\" }");
        }
        if (!(node instanceof Map<?, ?> m) || m.size() != 1) {
            throw CofferException.invalid("config: exactly one storage block is allowed");
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String type = String.valueOf(e.getKey());
        if (!Set.of("sqlite", "memory").contains(type)) {
            throw CofferException.invalid("config: unknown storage type '" + type + "' (supported: sqlite, memory)");
        }
        Map<String, String> options = new TreeMap<>();
        if (e.getValue() instanceof Map<?, ?> body) {
            for (Map.Entry<?, ?> o : ((Map<Object, Object>) body).entrySet()) {
                options.put(String.valueOf(o.getKey()), String.valueOf(o.getValue()));
            }
        }
        for (String k : options.keySet()) {
            if (!k.equals("path")) {
                throw CofferException.invalid("config: unknown option '" + k + "' for storage \"" + type + "\"");
            }
        }
        if (type.equals("sqlite")) {
            String p = options.get("path");
            if (p == null || p.isBlank()) {
                throw CofferException.invalid("config: storage \"sqlite\" needs a path");
            }
            options.put("path", resolve(base, p).toString());
        }
        return new StorageConfig(type, options);
    }

    private static ListenerConfig listener(Map<String, Object> b, Path base) {
        for (String k : b.keySet()) {
            if (!LISTENER.contains(k)) {
                throw CofferException.invalid("config: unknown listener option '" + k + "'");
            }
        }
        String address = str(b.getOrDefault("address", "127.0.0.1:8200"), "address");
        int colon = address.lastIndexOf(':');
        String hostPart = colon < 0 ? "" : address.substring(0, colon);
        boolean bareIpv6 = hostPart.contains(":") && !(hostPart.startsWith("[") && hostPart.endsWith("]"));
        if (colon < 0 || hostPart.isEmpty() || bareIpv6 || !address.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(address.substring(colon + 1)) > 65535) {
            throw CofferException.invalid("config: listener address must be host:port (IPv6 as [::1]:8200), got '"
                    + address + "'");
        }
        String cert = b.containsKey("tls_cert_file") ? str(b.get("tls_cert_file"), "tls_cert_file") : null;
        String key = b.containsKey("tls_key_file") ? str(b.get("tls_key_file"), "tls_key_file") : null;
        boolean disable = bool(b.getOrDefault("tls_disable", false), "tls_disable");
        if ((cert == null) != (key == null)) {
            throw CofferException.invalid("config: tls_cert_file and tls_key_file must be given together");
        }
        if (disable && cert != null) {
            throw CofferException.invalid("config: tls_disable = true contradicts tls_cert_file");
        }
        long max = ListenerConfig.DEFAULT_MAX_REQUEST_SIZE;
        if (b.containsKey("max_request_size")) {
            Object v = b.get("max_request_size");
            if (!isWhole(v) || ((Number) v).longValue() <= 0) {
                throw CofferException.invalid("config: max_request_size must be a positive number of bytes");
            }
            max = ((Number) v).longValue();
        }
        String clientCa = b.containsKey("tls_client_ca_file") ? str(b.get("tls_client_ca_file"), "tls_client_ca_file") : null;
        boolean require = bool(b.getOrDefault("tls_require_and_verify_client_cert", false),
                "tls_require_and_verify_client_cert");
        boolean noClientCerts = bool(b.getOrDefault("tls_disable_client_certs", false), "tls_disable_client_certs");
        if ((clientCa != null || require) && cert == null) {
            throw CofferException.invalid("config: client certificates (tls_client_ca_file, "
                    + "tls_require_and_verify_client_cert) need a TLS listener: set tls_cert_file and tls_key_file");
        }
        if (require && clientCa == null) {
            throw CofferException.invalid("config: tls_require_and_verify_client_cert needs tls_client_ca_file, "
                    + "the CA(s) client certificates are verified against");
        }
        if (require && noClientCerts) {
            throw CofferException.invalid("config: tls_require_and_verify_client_cert contradicts tls_disable_client_certs");
        }
        return new ListenerConfig(address, cert == null ? null : resolve(base, cert),
                key == null ? null : resolve(base, key), disable, max,
                clientCa == null ? null : resolve(base, clientCa), require, noClientCerts);
    }

    /** HCL numbers arrive as doubles: accept only whole, finite ones. */
    private static boolean isWhole(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            return true;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15;
        }
        return false;
    }

    private static Path resolve(Path base, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || base == null ? path : base.resolve(path);
    }

    private static String str(Object v, String name) {
        if (v instanceof String s) {
            return s;
        }
        throw CofferException.invalid("config: " + name + " must be a string");
    }

    private static boolean bool(Object v, String name) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false") || s.equals("1") || s.equals("0"))) {
            return s.equals("true") || s.equals("1");
        }
        if (isWhole(v) && (((Number) v).longValue() == 0 || ((Number) v).longValue() == 1)) {
            return ((Number) v).longValue() == 1;
        }
        throw CofferException.invalid("config: " + name + " must be true or false");
    }
}
