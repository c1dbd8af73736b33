package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.Version;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.http.TestServer.Keys;
import dev.coffer.http.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The /v1 API over real HTTP on a free loopback port, backed by memory storage. */
class HttpApiTest {
    /** Small, so the over-the-limit bodies stay cheap; every valid body here is far below it. */
    private static final int LIMIT = 1024;
    private static final String INIT_5_OF_3 = "{\"secret_shares\":5,\"secret_threshold\":3}";

    private TestServer api;

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(new MemoryStorage(), LIMIT);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private Keys initAndUnseal() {
        Keys keys = api.init(5, 3);
        api.unsealWith(keys.hex().subList(0, 3));
        return keys;
    }

    /** Runs {@code call}, checks its status and that neither seal-status nor init status moved. */
    private Reply refusedWithoutChange(int status, Supplier<Reply> call) {
        Map<String, Object> seal = api.sealStatus();
        Map<String, Object> init = api.initStatus();
        Reply r = call.get();
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(api.sealStatus()).as("seal-status after %s", r).isEqualTo(seal);
        assertThat(api.initStatus()).as("init status after %s", r).isEqualTo(init);
        return r;
    }

    /** {@code json} (an object) padded with spaces before its closing brace to {@code length} bytes. */
    private static String pad(String json, int length) {
        assertThat(json.length()).isLessThanOrEqualTo(length - 1);
        return json.substring(0, json.length() - 1) + " ".repeat(length - json.length()) + "}";
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ---- sys/health -----------------------------------------------------------------------

    @Nested
    class Health {
        @Test
        void answers501BeforeInitWithItsStateInTheBody() {
            Reply r = api.get("/v1/sys/health");
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.json())
                    .containsEntry("initialized", false)
                    .containsEntry("sealed", true)
                    .containsEntry("standby", false)
                    .containsEntry("performance_standby", false)
                    .containsEntry("enterprise", false)
                    .containsEntry("version", Version.VERSION)
                    .containsEntry("server_time_utc", (int) TestServer.NOW.getEpochSecond())
                    .doesNotContainKey("cluster_name");
            assertThat(api.get("/v1/sys/health?uninitcode=200").status()).isEqualTo(200);
            assertThat(api.get("/v1/sys/health?uninitcode=299").status()).isEqualTo(299);
        }

        @Test
        void answers503WhileSealedAndTheQueryCanChangeTheCode() {
            api.init(5, 3);
            Reply r = api.get("/v1/sys/health");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json()).containsEntry("initialized", true).containsEntry("sealed", true)
                    .doesNotContainKey("cluster_name");
            assertThat(api.get("/v1/sys/health?sealedcode=299").status()).isEqualTo(299);
            assertThat(api.get("/v1/sys/health?sealedcode=200&uninitcode=204").status()).isEqualTo(200);
        }

        @Test
        void answers200WhenUnsealedWithTheClusterIdentity() {
            initAndUnseal();
            Reply r = api.get("/v1/sys/health");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).containsEntry("initialized", true).containsEntry("sealed", false)
                    .containsEntry("standby", false);
            assertThat((String) r.json().get("cluster_name")).startsWith("coffer-cluster-");
            assertThat((String) r.json().get("cluster_id")).isNotBlank();
            assertThat(api.get("/v1/sys/health?standbyok=true").status()).isEqualTo(200);
            assertThat(api.get("/v1/sys/health?standbyok").status()).isEqualTo(200);
            assertThat(api.get("/v1/sys/health?activecode=299").status()).isEqualTo(299);
            assertThat(api.get("/v1/sys/health?sealedcode=299").status()).isEqualTo(200);
        }

        @Test
        void headGetsTheStatusWithoutABody() {
            Reply uninit = api.send("HEAD", "/v1/sys/health", BodyPublishers.noBody());
            assertThat(uninit.status()).isEqualTo(501);
            assertThat(uninit.body()).isEmpty();
            Keys keys = api.init(5, 3);
            Reply sealed = api.send("HEAD", "/v1/sys/health?sealedcode=299", BodyPublishers.noBody());
            assertThat(sealed.status()).isEqualTo(299);
            assertThat(sealed.body()).isEmpty();
            api.unsealWith(keys.hex().subList(0, 3));
            Reply active = api.send("HEAD", "/v1/sys/health", BodyPublishers.noBody());
            assertThat(active.status()).isEqualTo(200);
            assertThat(active.body()).isEmpty();
        }

        @Test
        void aCodeThatIsNotANumberOrNotAStatusIs400() {
            api.init(5, 3);
            Reply r = api.get("/v1/sys/health?sealedcode=abc");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).contains("sealedcode").contains("non-number");
            Reply outOfRange = api.get("/v1/sys/health?sealedcode=600");
            assertThat(outOfRange.status()).isEqualTo(400);
            assertThat(outOfRange.error()).contains("sealedcode").contains("between 200 and 599");
        }

        @Test
        void otherMethodsAre405() {
            assertThat(api.put("/v1/sys/health", "{}").status()).isEqualTo(405);
            assertThat(api.send("DELETE", "/v1/sys/health", BodyPublishers.noBody()).status()).isEqualTo(405);
        }

        /**
         * A 1xx code is not a final response: with {@code uninitcode=100} Jetty sends an interim
         * "100 Continue" and the client waits for a final answer that never comes (101 is a
         * protocol error for the client). The codes should be limited to 200–599.
         */
        @Test
        void informationalCodesAreRefused() {
            assertThat(api.get("/v1/sys/health?uninitcode=100").status()).isEqualTo(400);
            assertThat(api.get("/v1/sys/health?uninitcode=101").status()).isEqualTo(400);
        }
    }

    // ---- sys/init -------------------------------------------------------------------------

    @Nested
    class Init {
        @Test
        void initReturnsTheSharesAndRootTokenAndLeavesTheServerSealed() {
            assertThat(api.initStatus()).isEqualTo(Map.of("initialized", false));
            Reply r = api.put("/v1/sys/init", INIT_5_OF_3);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).containsOnlyKeys("keys", "keys_base64", "root_token");

            Keys keys = new Keys(list(r.json().get("keys")), list(r.json().get("keys_base64")),
                    (String) r.json().get("root_token"));
            assertThat(keys.hex()).hasSize(5).doesNotHaveDuplicates()
                    .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{66}"));
            assertThat(keys.base64()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                byte[] fromBase64 = Base64.getDecoder().decode(keys.base64().get(i));
                assertThat(fromBase64).hasSize(33).isEqualTo(HexFormat.of().parseHex(keys.hex().get(i)));
            }
            assertThat(keys.rootToken()).startsWith("cfs_").hasSize(46);

            assertThat(api.initStatus()).isEqualTo(Map.of("initialized", true));
            assertThat(api.sealStatus())
                    .containsEntry("type", "shamir")
                    .containsEntry("initialized", true)
                    .containsEntry("sealed", true)
                    .containsEntry("t", 3)
                    .containsEntry("n", 5)
                    .containsEntry("progress", 0)
                    .containsEntry("nonce", "")
                    .containsEntry("storage_type", "memory");
            assertThat(api.get("/v1/sys/health").status()).isEqualTo(503);
        }

        @Test
        void postWorksLikePut() {
            Reply r = api.send("POST", "/v1/sys/init",
                    BodyPublishers.ofString("{\"secret_shares\":1,\"secret_threshold\":1}"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(list(r.json().get("keys"))).singleElement()
                    .satisfies(k -> assertThat(k).hasSize(64));
        }

        @Test
        void initTwiceIsRefusedAndTheFirstSharesStillWork() {
            Keys keys = api.init(5, 3);
            Reply r = refusedWithoutChange(400, () -> api.put("/v1/sys/init", INIT_5_OF_3));
            assertThat(r.error()).contains("already initialized");
            api.unsealWith(keys.hex().subList(2, 5));
        }

        @Test
        void badSealConfigurationsAreRefusedNamingTheField() {
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":3,\"secret_threshold\":4}")).error())
                    .contains("secret_threshold").contains("secret_shares");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":0,\"secret_threshold\":0}")).error())
                    .contains("secret_shares").contains("at least 1");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":256,\"secret_threshold\":3}")).error())
                    .contains("secret_shares").contains("at most 255");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5,\"secret_threshold\":1}")).error())
                    .contains("secret_threshold").contains("greater than one");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":\"abc\",\"secret_threshold\":3}")).error())
                    .contains("secret_shares").contains("integer");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5.5,\"secret_threshold\":3}")).error())
                    .contains("secret_shares").contains("integer");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5}")).error())
                    .contains("missing").contains("secret_threshold");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5,\"secret_threshold\":3,\"secret_sharez\":5}")).error())
                    .contains("unknown").contains("secret_sharez");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5,\"secret_threshold\":3,\"pgp_keys\":[\"abc\"]}")).error())
                    .contains("pgp_keys").contains("not supported");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5,\"secret_threshold\":3,\"stored_shares\":2}")).error())
                    .contains("stored_shares");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init", "")).error())
                    .contains("missing").contains("secret_shares");
        }

        @Test
        void otherMethodsAre405() {
            assertThat(api.send("DELETE", "/v1/sys/init", BodyPublishers.noBody()).status()).isEqualTo(405);
            assertThat(api.get("/v1/sys/unseal").status()).isEqualTo(405);
            assertThat(api.put("/v1/sys/seal-status", "{}").status()).isEqualTo(405);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return (List<String>) o;
    }

    // ---- sys/unseal -----------------------------------------------------------------------

    @Nested
    class Unseal {
        @Test
        void sharesAcrossCallsInHexAndBase64Unseal() {
            Keys keys = api.init(5, 3);

            Reply first = api.unseal(keys.hex().get(4));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json()).containsEntry("sealed", true).containsEntry("progress", 1)
                    .containsEntry("t", 3).containsEntry("n", 5);
            String nonce = (String) first.json().get("nonce");
            assertThat(nonce).isNotEmpty();

            Reply second = api.unseal(keys.base64().get(1));
            assertThat(second.json()).containsEntry("sealed", true).containsEntry("progress", 2)
                    .containsEntry("nonce", nonce);
            assertThat(api.sealStatus()).containsEntry("progress", 2).containsEntry("nonce", nonce);

            Reply third = api.unseal(keys.hex().get(2).toUpperCase(Locale.ROOT));
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.json()).containsEntry("sealed", false).containsEntry("progress", 0)
                    .containsEntry("nonce", "");
            assertThat(api.sealStatus()).containsEntry("sealed", false);
            assertThat(api.get("/v1/sys/health").status()).isEqualTo(200);
        }

        @Test
        void aDuplicateShareInEitherEncodingDoesNotAdvance() {
            Keys keys = api.init(5, 3);
            api.unseal(keys.hex().get(0));
            Reply again = api.unseal(keys.hex().get(0));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json()).containsEntry("progress", 1).containsEntry("sealed", true);
            Reply asBase64 = api.unseal(keys.base64().get(0));
            assertThat(asBase64.json()).containsEntry("progress", 1).containsEntry("sealed", true);
            api.unseal(keys.hex().get(1));
            Reply dupSecond = api.unseal(keys.base64().get(1));
            assertThat(dupSecond.json()).containsEntry("progress", 2).containsEntry("sealed", true);
            assertThat(api.unseal(keys.hex().get(3)).json()).containsEntry("sealed", false);
        }

        @Test
        void resetClearsProgress() {
            Keys keys = api.init(5, 3);
            api.unseal(keys.hex().get(0));
            api.unseal(keys.hex().get(1));
            Reply reset = api.put("/v1/sys/unseal", "{\"reset\":true}");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.json()).containsEntry("progress", 0).containsEntry("nonce", "")
                    .containsEntry("sealed", true);
            assertThat(api.sealStatus()).containsEntry("progress", 0);
            // After the reset, the two earlier shares no longer count: a third alone does not unseal.
            assertThat(api.unseal(keys.hex().get(2)).json()).containsEntry("progress", 1)
                    .containsEntry("sealed", true);
            assertThat(api.unseal(keys.hex().get(3)).json()).containsEntry("progress", 2);
            assertThat(api.unseal(keys.hex().get(4)).json()).containsEntry("sealed", false);
        }

        @Test
        void unsealBeforeInitIsRefused() {
            Reply r = refusedWithoutChange(400, () -> api.unseal("00".repeat(33)));
            assertThat(r.error()).contains("not initialized");
        }

        @Test
        void badKeysAreRefusedNamingTheProblemAndKeepProgress() {
            Keys keys = api.init(5, 3);
            api.unseal(keys.hex().get(0));

            assertThat(refusedWithoutChange(400, () -> api.unseal("ab".repeat(32))).error())
                    .contains("'key'").contains("length").contains("32").contains("33");
            assertThat(refusedWithoutChange(400, () -> api.unseal(Base64.getEncoder().encodeToString(new byte[40])))
                    .error()).contains("length").contains("40");
            assertThat(refusedWithoutChange(400, () -> api.unseal("this is not a key!")).error())
                    .contains("'key'").contains("hex or base64");
            assertThat(refusedWithoutChange(400, () -> api.unseal("xyz$".repeat(17))).error())
                    .contains("hex or base64");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", "{}")).error())
                    .contains("'key'").contains("specified");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", "")).error())
                    .contains("'key'").contains("specified");
            assertThat(refusedWithoutChange(400, () -> api.unseal("   ")).error())
                    .contains("'key'").contains("specified");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", "{\"key\":12345}")).error())
                    .contains("'key'").contains("string");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", "{\"reset\":\"yes\"}")).error())
                    .contains("'reset'").contains("boolean");
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/unseal",
                    "{\"key\":\"" + keys.hex().get(1) + "\",\"kee\":1}")).error())
                    .contains("unknown").contains("kee");

            assertThat(api.sealStatus()).containsEntry("progress", 1);
            api.unsealWith(keys.hex().subList(1, 3));
        }

        /**
         * UnsealKeys takes a key for hex when every character is a hex digit by
         * {@code Character.digit}, which also accepts non-ASCII digits (fullwidth '０', Arabic-Indic
         * '٠'...); {@code HexFormat.parseHex} then throws an uncaught IllegalArgumentException.
         */
        @Test
        void unicodeDigitsAreABadKeyNotAServerError() {
            api.init(5, 3);
            Reply r = refusedWithoutChange(400, () -> api.unseal("\uFF10".repeat(66)));
            assertThat(r.error()).contains("'key'");
        }

        @Test
        void sharesThatDoNotReconstructAreRefusedAndProgressIsReset() {
            Keys keys = api.init(5, 3);
            Random random = new Random(42);
            List<String> wrong = new ArrayList<>();
            for (int x = 1; x <= 3; x++) {
                byte[] share = new byte[33];
                random.nextBytes(share);
                share[32] = (byte) x;
                wrong.add(hex(share));
            }
            assertThat(api.unseal(wrong.get(0)).json()).containsEntry("progress", 1);
            assertThat(api.unseal(wrong.get(1)).json()).containsEntry("progress", 2);
            Reply failed = api.unseal(wrong.get(2));
            assertThat(failed.status()).isEqualTo(400);
            assertThat(failed.error()).contains("do not reconstruct");
            assertThat(api.sealStatus()).containsEntry("sealed", true).containsEntry("progress", 0)
                    .containsEntry("nonce", "");
            assertThat(api.get("/v1/sys/health").status()).isEqualTo(503);

            // Two right shares and one wrong one fail too.
            api.unseal(keys.hex().get(0));
            api.unseal(keys.hex().get(1));
            Reply mixed = api.unseal(wrong.get(2));
            assertThat(mixed.status()).isEqualTo(400);
            assertThat(mixed.error()).contains("do not reconstruct");
            assertThat(api.sealStatus()).containsEntry("sealed", true).containsEntry("progress", 0);

            api.unsealWith(List.of(keys.hex().get(3), keys.base64().get(0), keys.hex().get(1)));
        }

        @Test
        void unsealingAnUnsealedServerChangesNothing() {
            Keys keys = initAndUnseal();
            Reply r = api.unseal(keys.hex().get(4));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).containsEntry("sealed", false).containsEntry("progress", 0);
        }
    }

    // ---- request bodies -------------------------------------------------------------------

    @Nested
    class Bodies {
        private static final String SECRET = "hunter2-c0ffee-SECRET-8d1f";

        @Test
        void malformedJsonIsRefusedWithoutEchoingTheBody() {
            api.init(5, 3);
            String[] bodies = {
                "{\"key\":\"" + SECRET + "\"",
                "{\"key\": " + SECRET + "}",
                "{\"key\":\"" + SECRET + "\"} trailing-" + SECRET,
                SECRET,
                "{'key':'" + SECRET + "'}",
            };
            for (String body : bodies) {
                Reply r = refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", body));
                assertThat(r.error()).as(body).contains("malformed JSON").contains("line");
                assertThat(r.body()).doesNotContain(SECRET).doesNotContain("c0ffee");
            }
            Reply init = refusedWithoutChange(400, () -> api.put("/v1/sys/init",
                    "{\"secret_shares\":5,\"secret_threshold\":3,\"x\":\"" + SECRET + "\""));
            assertThat(init.body()).doesNotContain("c0ffee");
        }

        @Test
        void bodiesThatAreNotObjectsAreRefused() {
            api.init(5, 3);
            for (String body : new String[] {"[]", "[{\"key\":\"00\"}]", "\"key\"", "42", "null", "true"}) {
                Reply r = refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", body));
                assertThat(r.error()).as(body).contains("JSON object");
            }
            assertThat(refusedWithoutChange(400, () -> api.put("/v1/sys/init", "[" + INIT_5_OF_3 + "]")).error())
                    .contains("JSON object");
        }

        @Test
        void deeplyNestedJsonIsA400NotAServerError() {
            api.init(5, 3);
            Reply r = refusedWithoutChange(400, () -> api.put("/v1/sys/unseal", "[".repeat(LIMIT - 1)));
            assertThat(r.error()).contains("malformed JSON");
        }

        @Test
        void aBodyOverTheLimitIs413AndIsNotActedOn() {
            String padded = pad(INIT_5_OF_3, LIMIT + 1);
            Reply r = refusedWithoutChange(413, () -> api.put("/v1/sys/init", padded));
            assertThat(r.error()).contains("larger than the limit").contains(String.valueOf(LIMIT));
            assertThat(refusedWithoutChange(413, () -> api.put("/v1/sys/init", pad(INIT_5_OF_3, 4 * LIMIT)))
                    .status()).isEqualTo(413);
            // Exactly at the limit is fine.
            assertThat(api.put("/v1/sys/init", pad(INIT_5_OF_3, LIMIT)).status()).isEqualTo(200);
        }

        @Test
        void aChunkedBodyOverTheLimitIs413AndIsNotActedOn() {
            Reply r = refusedWithoutChange(413, () -> chunked("/v1/sys/init", pad(INIT_5_OF_3, LIMIT + 1)));
            assertThat(r.error()).contains("larger than the limit");
            assertThat(refusedWithoutChange(413, () -> chunked("/v1/sys/init", pad(INIT_5_OF_3, 3 * LIMIT)))
                    .status()).isEqualTo(413);
            assertThat(chunked("/v1/sys/init", pad(INIT_5_OF_3, LIMIT)).status()).isEqualTo(200);
        }

        @Test
        void theLimitAppliesToAuthenticatedPathsToo() {
            Keys keys = initAndUnseal();
            Reply r = refusedWithoutChange(413, () -> api.put("/v1/sys/rotate", pad("{}", LIMIT + 1),
                    "X-Vault-Token", keys.rootToken()));
            assertThat(r.error()).contains("larger than the limit");
            assertThat(api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).data())
                    .containsEntry("term", 1);
        }

        /**
         * The server answers 413 without reading a body whose declared length is over the limit,
         * and Jetty then closes the connection with the rest unread: the kernel resets it, and the
         * client often sees "connection reset"/"broken pipe" instead of the 413 (about 1 in 10
         * tries at 64 KiB against a 1 KiB limit, 1 in 5 at 1 MiB, on loopback). Chunked bodies read
         * past the limit hit the same. Go's server, and so Vault, drains up to 256 KiB before
         * closing for this; a lingering close (answer, shut down output, discard input for a
         * bounded amount) covers larger bodies too.
         */
        @Test
        void farOverTheLimitIsStillA413() {
            String big = pad(INIT_5_OF_3, 1 << 20);
            for (int i = 0; i < 20; i++) {
                assertThat(api.put("/v1/sys/init", big).status()).isEqualTo(413);
                assertThat(chunked("/v1/sys/init", big).status()).isEqualTo(413);
            }
            assertThat(api.initStatus()).containsEntry("initialized", false);
        }

        private Reply chunked(String path, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return api.send("PUT", path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        }

    }

    // ---- authenticated paths --------------------------------------------------------------

    @Nested
    class Authenticated {
        @Test
        void noTokenOrABadTokenIsPermissionDenied() {
            Keys keys = initAndUnseal();
            char c = keys.rootToken().charAt(10);
            String other = keys.rootToken().substring(0, 10) + (c == 'X' ? 'Y' : 'X') + keys.rootToken().substring(11);
            List<String[]> headers = List.of(
                    new String[0],
                    new String[] {"X-Vault-Token", "cfs_nope"},
                    new String[] {"X-Vault-Token", other},
                    new String[] {"X-Vault-Token", "s.vaultStyleToken"},
                    new String[] {"Authorization", "Bearer cfs_nope"},
                    new String[] {"Authorization", "Basic " + keys.rootToken()},
                    new String[] {"X-Vault-Token", "   "});
            for (String[] h : headers) {
                Reply r = api.get("/v1/sys/key-status", h);
                assertThat(r.status()).as(String.join(": ", h)).isEqualTo(403);
                assertThat(r.json()).isEqualTo(Map.of("errors", List.of("permission denied")));
                assertThat(r.body()).doesNotContain(keys.rootToken());
            }
            assertThat(api.put("/v1/sys/seal", "").status()).isEqualTo(403);
            assertThat(api.put("/v1/sys/rotate", "", "X-Vault-Token", "cfs_nope").status()).isEqualTo(403);
            assertThat(api.sealStatus()).containsEntry("sealed", false);
        }

        @Test
        void theRootTokenReadsKeyStatusInVaultsEnvelope() {
            Keys keys = initAndUnseal();
            for (String[] h : List.of(new String[] {"X-Vault-Token", keys.rootToken()},
                    new String[] {"Authorization", "Bearer " + keys.rootToken()},
                    new String[] {"authorization", "bearer " + keys.rootToken()})) {
                Reply r = api.get("/v1/sys/key-status", h);
                assertThat(r.status()).as(h[0]).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        ct -> assertThat(ct).startsWith("application/json"));
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
                Map<String, Object> m = r.json();
                // Vault's envelope; sys/ answers repeat their data at the top level, as Vault's do.
                assertThat(m).containsOnlyKeys("request_id", "lease_id", "renewable", "lease_duration", "data",
                        "wrap_info", "warnings", "auth", "mount_type", "term", "install_time", "terms");
                assertThat(m).containsEntry("term", 1);
                assertThat((String) m.get("request_id")).isNotBlank();
                assertThat(m).containsEntry("lease_id", "").containsEntry("renewable", false)
                        .containsEntry("lease_duration", 0).containsEntry("wrap_info", null)
                        .containsEntry("warnings", null).containsEntry("auth", null)
                        .containsEntry("mount_type", "system");
                assertThat(r.data()).containsEntry("term", 1).containsEntry("terms", 1)
                        .containsEntry("install_time", TestServer.NOW.toString());
            }
            String id1 = (String) api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).json().get("request_id");
            String id2 = (String) api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).json().get("request_id");
            assertThat(id1).isNotEqualTo(id2);
        }

        @Test
        void rotateAddsATerm() {
            Keys keys = initAndUnseal();
            Reply r = api.put("/v1/sys/rotate", "", "X-Vault-Token", keys.rootToken());
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertThat(api.send("POST", "/v1/sys/rotate", BodyPublishers.noBody(),
                    "Authorization", "Bearer " + keys.rootToken()).status()).isEqualTo(204);
            assertThat(api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).data())
                    .containsEntry("term", 3).containsEntry("terms", 3);
        }

        @Test
        void sealForgetsTheKeysUntilUnsealedAgain() {
            Keys keys = initAndUnseal();
            Reply r = api.put("/v1/sys/seal", "", "X-Vault-Token", keys.rootToken());
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.body()).isEmpty();

            Reply ks = api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken());
            assertThat(ks.status()).isEqualTo(503);
            assertThat(ks.json()).isEqualTo(Map.of("errors", List.of("Vault is sealed")));
            assertThat(api.get("/v1/sys/health").status()).isEqualTo(503);
            assertThat(api.sealStatus()).containsEntry("sealed", true).containsEntry("progress", 0)
                    .doesNotContainKey("cluster_name");
            // Sealed comes before the token check, as in Vault.
            assertThat(api.put("/v1/sys/rotate", "", "X-Vault-Token", "cfs_nope").status()).isEqualTo(503);
            assertThat(api.put("/v1/sys/seal", "", "X-Vault-Token", keys.rootToken()).status()).isEqualTo(503);

            api.unsealWith(keys.base64().subList(2, 5));
            assertThat(api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).status()).isEqualTo(200);
        }

        @Test
        void beforeInitAuthenticatedPathsAreUnavailable() {
            Reply r = api.get("/v1/sys/key-status", "X-Vault-Token", "cfs_nope");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).isEqualTo("Vault is sealed");
        }

        @Test
        void unknownPathsAre404AndUnknownMethods405() {
            Keys keys = initAndUnseal();
            String[] auth = {"X-Vault-Token", keys.rootToken()};
            assertThat(api.get("/v1/nothing/here", auth).status()).isEqualTo(404);
            assertThat(api.get("/v1/nothing/here", auth).error()).contains("nothing/here");
            assertThat(api.get("/v1/sys/nothing", auth).status()).isEqualTo(404);
            assertThat(api.get("/nothing", auth).status()).isEqualTo(404);
            assertThat(api.get("/v2/sys/health").status()).isEqualTo(404);
            assertThat(api.get("/v1/sys/health").status()).isEqualTo(200);

            assertThat(api.get("/v1/sys/seal", auth).status()).isEqualTo(405);
            assertThat(api.send("DELETE", "/v1/sys/rotate", BodyPublishers.noBody(), auth).status()).isEqualTo(405);
            assertThat(api.put("/v1/sys/key-status", "{}", auth).status()).isEqualTo(405);
            assertThat(api.send("PATCH", "/v1/sys/key-status", BodyPublishers.ofString("{}"), auth).status())
                    .isEqualTo(405);
            Reply odd = api.send("BREW", "/v1/sys/key-status", BodyPublishers.noBody(), auth);
            assertThat(odd.status()).isEqualTo(405);
            assertThat(odd.error()).contains("unsupported operation");
            assertThat(api.sealStatus()).containsEntry("sealed", false);
            assertThat(api.get("/v1/sys/key-status", auth).data()).containsEntry("term", 1);
        }

        @Test
        void theListVerbReachesTheBackend() {
            Keys keys = initAndUnseal();
            String[] auth = {"X-Vault-Token", keys.rootToken()};
            Reply known = api.send("LIST", "/v1/sys/key-status", BodyPublishers.noBody(), auth);
            assertThat(known.status()).isEqualTo(405);
            assertThat(known.error()).isEqualTo("unsupported operation");
            Reply unknown = api.send("LIST", "/v1/sys/nothing", BodyPublishers.noBody(), auth);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json()).containsKey("errors");
            assertThat(api.get("/v1/sys/key-status?list=true", auth).status()).isEqualTo(405);
            assertThat(api.send("LIST", "/v1/sys/key-status", BodyPublishers.noBody()).status()).isEqualTo(403);
        }

        @Test
        void unknownFieldsOnABackendPathAreRefused() {
            Keys keys = initAndUnseal();
            Reply r = refusedWithoutChange(400, () -> api.put("/v1/sys/rotate", "{\"force\":true}",
                    "X-Vault-Token", keys.rootToken()));
            assertThat(r.error()).contains("unknown field").contains("force");
            assertThat(api.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).data())
                    .containsEntry("term", 1);
            Reply broken = api.put("/v1/sys/rotate", "{\"force\":", "X-Vault-Token", keys.rootToken());
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.error()).contains("malformed JSON");
        }
    }

    /**
     * Each listener has its own {@code max_request_size}, but the server applies the largest of
     * them on every listener, so a listener configured for small bodies accepts large ones.
     */
    @Test
    void eachListenerKeepsItsOwnBodyLimit() throws Exception {
        try (dev.coffer.core.Core core = new dev.coffer.core.Core(new MemoryStorage(), TestServer.CLOCK);
             CofferServer two = new CofferServer(core, List.of(
                     new dev.coffer.http.config.ListenerConfig("127.0.0.1:0", null, null, false, LIMIT),
                     new dev.coffer.http.config.ListenerConfig("127.0.0.1:0", null, null, false, 64 * LIMIT)))) {
            two.start();
            String body = pad(INIT_5_OF_3, 2 * LIMIT);
            var small = TestServer.CLIENT.send(TestServer.request(
                    java.net.URI.create("http://127.0.0.1:" + two.port(0) + "/v1/sys/init"))
                    .PUT(BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(small.statusCode()).isEqualTo(413);
            assertThat(core.isInitialized()).isFalse();
        }
    }

    /** Jetty's own refusals (ambiguous URIs) stay 4xx: nothing reaches the API or fails inside it. */
    @Test
    void ambiguousUrisAreRefusedByJettyWith400() {
        assertThat(api.get("/v1//sys/health").status()).isEqualTo(400);
        assertThat(api.get("/v1/sys/%2e%2e/sys/init").status()).isEqualTo(400);
    }
}
