package dev.coffer.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log's hash chain and signed checkpoints, file after file in order, and reports
 * the first line that was changed, removed, inserted, duplicated or reordered. Streams: memory
 * stays flat whatever the log's size.
 *
 * <p>Signatures are checked against {@code trustedKey} when given (from the server), else against
 * the key in the log's own {@code open} lines — which proves consistency, not origin. A log that
 * stops short of the server's signed head was cut; offline, the lines past the last checkpoint are
 * reported as unsigned.
 */
public final class AuditLogVerifier {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The server's signed head, to catch a cut tail. */
    public record ServerHead(long seq, String hash) {}

    /** The outcome: intact, or the first problem found; counts either way. */
    public record Result(boolean intact, String problem, long lines, long checkpoints, long firstSeq, long lastSeq,
                         long unsignedTail) {}

    /** A named input (a file) in log order. */
    public record Input(String name, InputStream bytes) {}

    private final Optional<String> trustedKey;
    private String key;
    private Long expected;
    private String prevHash;
    private long lines;
    private long checkpoints;
    private long firstSeq = -1;
    private long lastSeq;
    private long lastCheckpointSeq;
    private String lastHash;

    /** @param trustedKey {@code ed25519:<base64 SPKI>} from the server, or empty */
    public AuditLogVerifier(Optional<String> trustedKey) {
        this.trustedKey = trustedKey;
        this.key = trustedKey.orElse(null);
    }

    public Result verify(List<Input> inputs, Optional<ServerHead> head) throws IOException {
        for (Input in : inputs) {
            String problem = verifyOne(in);
            if (problem != null) {
                return result(false, problem);
            }
        }
        if (lines == 0) {
            return result(false, "no audit lines found");
        }
        if (head.isPresent()) {
            ServerHead h = head.get();
            if (lastSeq < h.seq()) {
                return result(false, "the log stops at seq " + lastSeq + " but the device has written up to seq " + h.seq()
                        + ": " + (h.seq() - lastSeq) + " line(s) were cut from the tail");
            }
            if (lastSeq == h.seq() && !h.hash().equals(lastHash)) {
                return result(false, "the last line (seq " + lastSeq + ") differs from the one the device wrote");
            }
        }
        return result(true, null);
    }

    private Result result(boolean ok, String problem) {
        return new Result(ok, problem, lines, checkpoints, firstSeq, lastSeq, lastSeq - lastCheckpointSeq);
    }

    private String verifyOne(Input in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        long lineNo = 0;
        int n;
        while ((n = in.bytes().read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lineNo++;
                    byte[] bytes = line.toByteArray();
                    if (lineNo == 1 && !startsAsOpen(bytes)) {
                        return in.name() + ":1: the file does not start with its 'open' line: lines were removed from its start";
                    }
                    String p = check(in.name(), lineNo, bytes);
                    if (p != null) {
                        return p;
                    }
                    line.reset();
                } else {
                    line.write(buf[i]);
                }
            }
        }
        if (line.size() > 0) {
            return in.name() + ":" + (lineNo + 1) + ": the last line is incomplete (no newline): the file was cut";
        }
        return null;
    }

    private static boolean startsAsOpen(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n != null && "open".equals(n.path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private String check(String file, long lineNo, byte[] bytes) {
        String where = file + ":" + lineNo;
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            return where + ": not a JSON line: the line was changed";
        }
        if (node == null || !node.path("seq").canConvertToLong() || !node.path("prev_hash").isTextual()) {
            return where + ": no seq/prev_hash: the line was changed or is not a Coffer audit line";
        }
        long seq = node.get("seq").asLong();
        String prev = node.get("prev_hash").asText();
        if (expected == null) {
            firstSeq = seq;
            lastCheckpointSeq = seq - 1;
        } else if (seq < expected) {
            return where + ": seq " + seq + " comes after seq " + (expected - 1)
                    + ": a line was duplicated, reordered or inserted";
        } else if (seq > expected) {
            return where + ": seq " + seq + " follows seq " + (expected - 1) + ": " + (seq - expected)
                    + " line(s) were removed before this one";
        }
        if (prevHash != null && !prevHash.equals(prev)) {
            return where + " (seq " + seq + "): prev_hash does not match the line before it: that line was changed, "
                    + "or this line was inserted";
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "open" -> {
                String k = node.path("public_key").asText("");
                if (trustedKey.isPresent() && !trustedKey.get().equals(k)) {
                    return where + ": the log's signing key is not the device's key";
                }
                if (key == null) {
                    key = k;
                }
            }
            case "checkpoint" -> {
                String message = ChainWriter.checkpointMessage(node.path("device").asText(), seq, prev, node.path("time").asText());
                if (key == null || !verifySignature(key, message, node.path("signature").asText(""))) {
                    return where + " (seq " + seq + "): the checkpoint's signature is not valid: the line was changed";
                }
                checkpoints++;
                lastCheckpointSeq = seq;
            }
            case "request", "response" -> {
                // content is covered by the next line's prev_hash and the next checkpoint
            }
            default -> {
                return where + " (seq " + seq + "): unknown line type '" + type + "': the line was changed";
            }
        }
        lines++;
        lastSeq = seq;
        expected = seq + 1;
        prevHash = ChainWriter.hash(bytes, bytes.length);
        lastHash = prevHash;
        return null;
    }

    static boolean verifySignature(String key, String message, String signature) {
        if (!key.startsWith("ed25519:") || !signature.startsWith("ed25519:")) {
            return false;
        }
        try {
            PublicKey pub = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.substring(8))));
            byte[] sig = Base64.getDecoder().decode(signature.substring(8));
            // Base64 ignores the spare bits of its last character: only the canonical text counts,
            // so that no character of a signed line can change unnoticed.
            if (!Base64.getEncoder().encodeToString(sig).equals(signature.substring(8))) {
                return false;
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pub);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks the server's signed head against the device's key. */
    public static boolean headIsSigned(String key, String device, long seq, String hash, String signature) {
        return verifySignature(key, ChainWriter.headMessage(device, seq, hash), signature);
    }
}
