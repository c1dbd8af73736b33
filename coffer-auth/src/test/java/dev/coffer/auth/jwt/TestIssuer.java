package dev.coffer.auth.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A made-up OIDC provider for tests: real RSA, P-256 and Ed25519 keys, a JWKS and a discovery
 * document served from a local HTTP server, and real signed tokens.
 */
final class TestIssuer implements AutoCloseable {
    final KeyPair rsa = generate("RSA", 2048);
    final KeyPair ec = generateEc();
    final KeyPair ed = generate("Ed25519", 0);
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer server;
    private volatile List<JWK> published = new ArrayList<>();

    TestIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks", ex -> {
            jwksFetches.incrementAndGet();
            byte[] body = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/.well-known/openid-configuration", ex -> {
            byte[] body = JSONObjectUtils.toJSONString(Map.of("issuer", url(), "jwks_uri", jwksUrl(),
                    "id_token_signing_alg_values_supported", List.of("RS256"))).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        publish("rsa-1", "ec-1", "ed-1");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String jwksUrl() {
        return url() + "/.well-known/jwks";
    }

    /** Publishes the test's keys under these ids (rsa-*, ec-*, ed-* by prefix). */
    void publish(String... kids) {
        List<JWK> keys = new ArrayList<>();
        for (String kid : kids) {
            if (kid.startsWith("rsa")) {
                keys.add(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID(kid).build());
            } else if (kid.startsWith("ec")) {
                keys.add(new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID(kid).build());
            } else {
                byte[] enc = ed.getPublic().getEncoded();
                keys.add(new OctetKeyPair.Builder(Curve.Ed25519,
                        Base64URL.encode(Arrays.copyOfRange(enc, enc.length - 32, enc.length))).keyID(kid).build());
            }
        }
        published = keys;
    }

    /** A token signed with the key matching {@code kid}'s prefix (rsa, ec, ed), or {@code null} kid: RSA without kid. */
    String sign(String kid, Map<String, Object> claims) {
        try {
            String payload = JSONObjectUtils.toJSONString(claims);
            if (kid == null || kid.startsWith("rsa")) {
                JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
                com.nimbusds.jose.JWSObject o = new com.nimbusds.jose.JWSObject(h, new com.nimbusds.jose.Payload(payload));
                o.sign(new RSASSASigner(rsa.getPrivate()));
                return o.serialize();
            }
            if (kid.startsWith("ec")) {
                JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build();
                com.nimbusds.jose.JWSObject o = new com.nimbusds.jose.JWSObject(h, new com.nimbusds.jose.Payload(payload));
                o.sign(new ECDSASigner((java.security.interfaces.ECPrivateKey) ec.getPrivate()));
                return o.serialize();
            }
            return signRaw(Map.of("alg", "EdDSA", "kid", kid, "typ", "JWT"), claims, "Ed25519", ed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any header, signed with the JDK algorithm {@code jca} and {@code key}. */
    static String signRaw(Map<String, Object> header, Map<String, Object> claims, String jca, KeyPair key)
            throws Exception {
        String input = b64(JSONObjectUtils.toJSONString(header)) + "." + b64(JSONObjectUtils.toJSONString(claims));
        Signature s = Signature.getInstance(jca);
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(s.sign());
    }

    static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** GitHub's documented ID token claim set (made-up values), valid from {@code nowSeconds}. */
    static Map<String, Object> github(long now, String repo, String ref) {
        Map<String, Object> c = new LinkedHashMap<>();
        String owner = repo.substring(0, repo.indexOf('/'));
        c.put("jti", "example-id");
        c.put("sub", "repo:" + repo + ":ref:" + ref);
        c.put("aud", "https://github.com/" + owner);
        c.put("ref", ref);
        c.put("sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("repository", repo);
        c.put("repository_owner", owner);
        c.put("repository_owner_id", "65");
        c.put("repository_visibility", "private");
        c.put("repository_id", "74");
        c.put("actor_id", "12");
        c.put("run_id", "1234567890");
        c.put("run_number", "10");
        c.put("run_attempt", "2");
        c.put("runner_environment", "github-hosted");
        c.put("actor", "octocat");
        c.put("workflow", "deploy");
        c.put("head_ref", "");
        c.put("base_ref", "");
        c.put("event_name", "push");
        c.put("ref_type", "branch");
        c.put("ref_protected", true);
        c.put("job_workflow_ref", repo + "/.github/workflows/deploy.yml@" + ref);
        c.put("iss", "https://token.actions.githubusercontent.com");
        c.put("nbf", now - 5);
        c.put("exp", now + 300);
        c.put("iat", now);
        return c;
    }

    /** GitLab's documented ID token claim set (made-up values). */
    static Map<String, Object> gitlab(long now, String project, String ref, boolean isProtected, String environment) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("namespace_id", "72");
        c.put("namespace_path", project.substring(0, project.indexOf('/')));
        c.put("project_id", "20");
        c.put("project_path", project);
        c.put("user_id", "1");
        c.put("user_login", "sample-user");
        c.put("user_email", "sample-user@example.com");
        c.put("pipeline_id", "574");
        c.put("pipeline_source", "push");
        c.put("job_id", "302");
        c.put("ref", ref);
        c.put("ref_type", "branch");
        c.put("ref_path", "refs/heads/" + ref);
        c.put("ref_protected", String.valueOf(isProtected));
        c.put("environment", environment);
        c.put("environment_protected", String.valueOf(isProtected));
        c.put("deployment_tier", "production");
        c.put("runner_id", 1);
        c.put("runner_environment", "self-hosted");
        c.put("sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        c.put("project_visibility", "private");
        c.put("jti", "235b3a54-b797-45c7-ae9a-f72d7bc6ef5b");
        c.put("iss", "https://gitlab.example.com");
        c.put("iat", now);
        c.put("nbf", now - 5);
        c.put("exp", now + 3600);
        c.put("sub", "project_path:" + project + ":ref_type:branch:ref:" + ref);
        c.put("aud", "https://coffer.example.com");
        return c;
    }

    private static KeyPair generate(String alg, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
