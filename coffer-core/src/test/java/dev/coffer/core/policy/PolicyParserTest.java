package dev.coffer.core.policy;

import static dev.coffer.core.policy.Capability.CREATE;
import static dev.coffer.core.policy.Capability.DELETE;
import static dev.coffer.core.policy.Capability.DENY;
import static dev.coffer.core.policy.Capability.LIST;
import static dev.coffer.core.policy.Capability.READ;
import static dev.coffer.core.policy.Capability.SUDO;
import static dev.coffer.core.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    static final String HCL = """
            # Apps read their own secrets
            path "secret/data/*" {
              capabilities = ["read", "list"]
            }

            // A configuration path with constraints
            path "secret/data/app/+/config" {
              capabilities = ["create", "update"]
              allowed_parameters = {
                "ttl" = ["1h", "2h", 3]
                "*" = []
              }
              denied_parameters = {
                "Admin" = []
              }
              required_parameters = ["ttl"]
              min_wrapping_ttl = "1m"
              max_wrapping_ttl = 3600
            }

            /* deprecated shorthand */
            path "/sys/seal" {
              policy = "sudo"
            }
            """;

    static final String JSON = """
            {
              "path": {
                "secret/data/*": {"capabilities": ["read", "list"]},
                "secret/data/app/+/config": {
                  "capabilities": ["create", "update"],
                  "allowed_parameters": {"ttl": ["1h", "2h", 3], "*": []},
                  "denied_parameters": {"Admin": []},
                  "required_parameters": ["ttl"],
                  "min_wrapping_ttl": 60,
                  "max_wrapping_ttl": "1h"
                },
                "/sys/seal": {"policy": "sudo"}
              }
            }
            """;

    @Test
    void hclAndJsonFormsParseToTheSameRules() {
        Policy hcl = Policy.parse("app", HCL);
        Policy json = Policy.parse("app", JSON);

        assertThat(hcl).isEqualTo(json);
        assertThat(hcl.rules()).extracting(PathRule::pattern)
                .containsExactly("secret/data/*", "secret/data/app/+/config", "sys/seal");
        PathRule config = hcl.rules().get(1);
        assertThat(config.capabilities()).containsExactlyInAnyOrder(CREATE, UPDATE);
        assertThat(config.allowedParameters()).isEqualTo(Map.of("ttl", List.of("1h", "2h", "3"), "*", List.of()));
        assertThat(config.deniedParameters()).isEqualTo(Map.of("admin", List.of()));
        assertThat(config.requiredParameters()).containsExactly("ttl");
        assertThat(config.minWrappingTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxWrappingTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(hcl.rules().get(2).capabilities())
                .containsExactlyInAnyOrder(CREATE, READ, UPDATE, DELETE, LIST, SUDO);
    }

    @ParameterizedTest
    @CsvSource({"deny, deny", "read, read list", "write, create read update delete list",
        "sudo, create read update delete list sudo"})
    void deprecatedPolicyShorthandMapsToCapabilities(String shorthand, String capabilities) {
        Policy p = Policy.parse("old", "path \"secret/*\" {\n  policy = \"" + shorthand + "\"\n}\n");
        Set<Capability> expected = Set.copyOf(List.of(capabilities.split(" ")).stream()
                .map(n -> Capability.fromHclName(n).orElseThrow()).toList());
        assertThat(p.rules().get(0).capabilities()).isEqualTo(expected);
    }

    @Test
    void aPathDeclaredTwiceIsMergedAndDenyWins() {
        Policy merged = Policy.parse("twice", """
                path "secret/a" {
                  capabilities = ["read"]
                }
                path "secret/a" {
                  capabilities = ["list"]
                }
                path "secret/b" {
                  capabilities = ["read"]
                }
                path "secret/b" {
                  capabilities = ["deny"]
                }
                """);
        assertThat(merged.rules()).containsExactly(PathRule.of("secret/a", READ, LIST), PathRule.of("secret/b", DENY));
    }

    @Test
    void denyDropsEveryOtherCapabilityAndConstraint() {
        Policy p = Policy.parse("d", """
                path "secret/x" {
                  capabilities = ["read", "deny", "sudo"]
                  required_parameters = ["a"]
                }
                """);
        assertThat(p.rules()).containsExactly(PathRule.of("secret/x", DENY));
    }

    @Test
    void policyNamesAreLowercasedAndChecked() {
        assertThat(Policy.parse("Team-A.ci_1", "path \"a\" {\n capabilities = []\n}").name()).isEqualTo("team-a.ci_1");
        for (String bad : List.of("", "has space", "-leading", "slash/name", "x".repeat(129), "ünï")) {
            assertThatThrownBy(() -> Policy.parse(bad, "path \"a\" {\n capabilities = []\n}"))
                    .isInstanceOf(CofferException.class)
                    .hasMessageContaining("policy name");
        }
        assertThatThrownBy(() -> Policy.parse("root", "path \"a\" {\n capabilities = []\n}"))
                .hasMessageContaining("reserved");
    }

    @Test
    void theDefaultPolicyParses() {
        Policy d = Policy.defaultPolicy();
        assertThat(d.name()).isEqualTo("default");
        assertThat(d.rules()).contains(PathRule.of("auth/token/lookup-self", READ),
                PathRule.of("cubbyhole/*", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("sys/tools/hash/*", UPDATE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown capability        | path "secret/x" {\\n capabilities = ["reed"]\\n}                | path "secret/x": unknown capability "reed"
            capabilities are lowercase| path "secret/x" {\\n capabilities = ["READ"]\\n}                | unknown capability "READ"
            unknown key in a block    | path "secret/x" {\\n capabilitys = ["read"]\\n}                 | path "secret/x": unknown key "capabilitys"
            nested block              | path "secret/x" {\\n path "y" {\\n capabilities = []\\n }\\n}   | unknown key "path"
            enterprise key            | path "secret/x" {\\n mfa_methods = ["m"]\\n}                    | "mfa_methods" is a Vault Enterprise feature
            empty path                | path "" {\\n capabilities = ["read"]\\n}                        | a path pattern cannot be empty
            only a slash              | path "/" {\\n capabilities = ["read"]\\n}                       | a path pattern cannot be empty
            star in the middle        | path "secret/*/x" {\\n capabilities = ["read"]\\n}              | path "secret/*/x": '*' is only allowed at the end
            plus star                 | path "secret/+*" {\\n capabilities = ["read"]\\n}               | '+*' is forbidden
            templated path            | path "identity/{{identity.entity.id}}" {\\n capabilities = []\\n} | the only template is {{identity.claims.<name>}}
            no path blocks            | # nothing but a comment\\n                                     | no path blocks
            empty text                | '  '                                                         | no path blocks
            unknown top-level key     | paths "secret/x" {\\n capabilities = ["read"]\\n}               | unknown top-level key "paths" at line 1
            data lookup               | data "http" "x" {\\n url = "http://127.0.0.1/"\\n}             | unknown top-level key "data"
            function call             | path "a" {\\n capabilities = [upper("read")]\\n}                | unexpected "upper" at line 2
            variable reference        | path "a" {\\n capabilities = [var.x]\\n}                       | unexpected "var.x" at line 2
            template                  | path "a" {\\n capabilities = ["${x}"]\\n}                      | templates (${...}) are not supported
            mismatched bracket        | path "a" {\\n capabilities = ["read"\\n}                        | '}' at line 3 does not close the '[' opened at line 2
            unclosed block            | path "a" {\\n capabilities = ["read"]\\n                         | '{' opened at line 1 is never closed
            extra brace               | path "a" {\\n capabilities = ["read"]\\n}\\n}                    | unexpected '}' at line 4
            unterminated string       | path "a {\\n capabilities = ["read"]\\n}                         | string opened at line 1 is never closed
            unterminated comment      | /* path "a" {\\n capabilities = ["read"]\\n}                     | comment opened at line 1 is never closed
            duplicate key             | path "a" {\\n capabilities = ["deny"]\\n capabilities = ["read"]\\n} | key "capabilities" is set twice in the same block (line 3)
            bare word                 | path "a" {\\n capabilities\\n}                                 | HCL syntax error: unexpected "capabilities" at line 2
            hcl4j syntax error        | path "a" {\\n = ["read"]\\n}                                  | HCL syntax error: unexpected character "=" at line 2, column 2
            operator                  | path "a" {\\n capabilities = ["read"] ;\\n}                    | HCL syntax error: unexpected character ";" at line 2
            colon                     | path "a" {\\n capabilities: ["read"]\\n}                       | unexpected character ":" at line 2
            heredoc                   | path "a" {\\n comment = <<EOF\\nx\\nEOF\\n}                     | unexpected character "<" at line 2
            exponent                  | path "a" {\\n max_wrapping_ttl = 1.5e3\\n}                     | unexpected "1.5e3" at line 2 (numbers are plain decimals
            block without braces      | path "a"\\n                                                  | block at line 1 has no { ... } after its labels
            capabilities not a list   | path "a" {\\n capabilities = "read"\\n}                        | capabilities must be a list of strings
            bad shorthand             | path "a" {\\n policy = "admin"\\n}                             | invalid policy "admin"
            bad duration              | path "a" {\\n max_wrapping_ttl = "soon"\\n}                    | max_wrapping_ttl must be a number of seconds or a duration
            max below min             | path "a" {\\n min_wrapping_ttl = "1h"\\n max_wrapping_ttl = "1m"\\n} | max_wrapping_ttl cannot be less than min_wrapping_ttl
            parameter wildcard        | path "a" {\\n allowed_parameters = {\\n "ab*" = []\\n }\\n}        | parameter "ab*": '*' is only allowed as the whole name
            parameter values          | path "a" {\\n allowed_parameters = {\\n "ab" = "x"\\n }\\n}        | parameter "ab" must have a list of values
            required wildcard         | path "a" {\\n required_parameters = ["*"]\\n}                  | wildcards are not allowed here
            json syntax               | {"path": {"a": {"capabilities": ["read"]}}                   | JSON syntax error at line 1
            json duplicate key        | {"path": {"a": {"capabilities": ["read"], "capabilities": ["deny"]}}} | Duplicate field 'capabilities'
            json trailing garbage     | {"path": {"a": {"capabilities": ["read"]}}} x                | JSON syntax error
            json unknown key          | {"path": {"a": {"capability": ["read"]}}}                    | path "a": unknown key "capability"
            json path not an object   | {"path": "a"}                                                | "path" must be blocks
            json block not an object  | {"path": {"a": ["read"]}}                                    | path "a": expected a block
            json top-level key        | {"paths": {"a": {}}}                                         | unknown top-level key "paths"
            json no paths             | {}                                                           | no path blocks
            """)
    void refusalsNameTheProblemAndThePlace(String what, String text, String message) {
        String policy = text.replace("\\n", "\n");
        assertThatThrownBy(() -> Policy.parse("team-a", policy))
                .isInstanceOfSatisfying(CofferException.class,
                        e -> assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST))
                .hasMessageStartingWith("policy \"team-a\": ")
                .hasMessageContaining(message);
    }

    @Test
    void hcl4jsHttpDataLookupIsNeverReached() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/";
            String[] attempts = {
                "data \"http\" \"x\" {\n url = \"" + url + "\"\n}\npath \"a\" {\n capabilities = [data.http.x.response_body]\n}\n",
                "data \"http\" \"x\" {\n url = \"" + url + "\"\n}\npath \"a\" {\n capabilities = [\"${data.http.x.response_body}\"]\n}\n",
                "path \"a\" {\n data \"http\" \"x\" {\n url = \"" + url + "\"\n }\n capabilities = [data.http.x.response_body]\n}\n",
            };
            for (String text : attempts) {
                assertThatThrownBy(() -> Policy.parse("ssrf", text)).isInstanceOf(CofferException.class);
            }
            server.setSoTimeout(100);
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String hcl = "path \"a\" {\n x = " + "[".repeat(10_000) + "\n}";
        String json = "{\"path\": {\"a\": {\"x\": " + "[".repeat(10_000) + "}}}";
        assertThatThrownBy(() -> Policy.parse("deep", hcl)).hasMessageContaining("nesting deeper than");
        assertThatThrownBy(() -> Policy.parse("deep", json)).hasMessageContaining("JSON syntax error");
    }

    @Property(tries = 300)
    void randomTextParsesOrIsRefusedCleanly(@ForAll @StringLength(max = 200) String text) {
        parseOrRefuse(text);
    }

    @Property(tries = 300)
    void mutatedPoliciesParseOrAreRefusedCleanly(@ForAll long seed) {
        Random random = new Random(seed);
        String text = random.nextBoolean() ? HCL : JSON;
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            text = mutate(text, random);
        }
        parseOrRefuse(text);
    }

    private static void parseOrRefuse(String text) {
        try {
            Policy p = Policy.parse("fuzz", text);
            assertThat(p.rules()).isNotEmpty();
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            assertThat(e.getMessage()).startsWith("policy \"fuzz\": ");
        }
    }

    private static final String SIGNIFICANT = "{}[]\"=:,#/*\n\\$%()<+-. \u0000é\u0430ab";

    private static String mutate(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
            case 1 -> text.substring(0, at) + SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())) + text.substring(at);
            case 2 -> {
                int end = Math.min(text.length(), at + random.nextInt(40));
                yield text.substring(0, end) + text.substring(at, end) + text.substring(end);
            }
            case 3 -> text.substring(0, at);
            default -> {
                int other = random.nextInt(text.length() + 1);
                int from = Math.min(at, other);
                int to = Math.max(at, other);
                yield text.substring(0, from) + text.substring(to) + text.substring(from, to);
            }
        };
    }
}
