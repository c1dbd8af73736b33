package dev.coffer.core.policy;

import static dev.coffer.core.logical.Operation.CREATE;
import static dev.coffer.core.logical.Operation.DELETE;
import static dev.coffer.core.logical.Operation.LIST;
import static dev.coffer.core.logical.Operation.PATCH;
import static dev.coffer.core.logical.Operation.READ;
import static dev.coffer.core.logical.Operation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.logical.Operation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclTest {

    private static Acl acl(String... policyTexts) {
        Policy[] policies = new Policy[policyTexts.length];
        for (int i = 0; i < policyTexts.length; i++) {
            policies[i] = Policy.parse("p" + (i + 1), policyTexts[i]);
        }
        return Acl.of(List.of(policies));
    }

    /** The path examples of Vault's policy documentation, one policy. */
    static final Acl VAULT_DOCS = acl("""
            path "secret/foo" {
              capabilities = ["read"]
            }
            path "secret/bar/*" {
              capabilities = ["read"]
            }
            path "secret/zip-*" {
              capabilities = ["read"]
            }
            path "secret/+/teamb" {
              capabilities = ["read"]
            }
            path "secret/+/+/teamb" {
              capabilities = ["read"]
            }
            """);

    @ParameterizedTest(name = "read {0}: {1}")
    @CsvSource({
        "secret/foo, true", "secret/food, false", "secret/foo/bar, false", "secret/foo/, false",
        "secret/bar/zip, true", "secret/bar/zip/zap, true", "secret/bar/, true", "secret/bars/zip, false",
        "secret/bar, false",
        "secret/zip-zap, true", "secret/zip-zap/zong, true", "secret/zip/zap, false",
        "secret/foo/teamb, true", "secret/bar/teamb, true", "secret/foo/bar/teamb, true",
        "secret/bar/foo/teamb, true", "secret/a/b/c/teamb, false", "secret//teamb, false",
        "Secret/foo, false", "SECRET/bar/zip, false", "secret/Foo, false",
    })
    void vaultDocumentationPathExamples(String path, boolean allowed) {
        assertThat(VAULT_DOCS.allows(READ, path, false)).isEqualTo(allowed);
        assertThat(VAULT_DOCS.allows(UPDATE, path, false)).isFalse();
    }

    @Test
    void theMostSpecificPathWinsAndDenyOverridesAtThatPath() {
        Acl a = acl("""
                path "secret/*" {
                  capabilities = ["create", "read", "update", "delete", "list"]
                }
                path "secret/super-secret" {
                  capabilities = ["deny"]
                }
                """);
        assertThat(a.allows(READ, "secret/ordinary", false)).isTrue();
        assertThat(a.allows(LIST, "secret/", false)).isTrue();
        for (Operation op : Operation.values()) {
            assertThat(a.allows(op, "secret/super-secret", false)).isFalse();
        }
        assertThat(a.capabilities("secret/super-secret")).containsExactly(Capability.DENY);
        assertThat(a.explain(READ, "secret/super-secret").reason())
                .isEqualTo("denied by rule \"secret/super-secret\" of policy \"p1\"");
        assertThat(a.allows(READ, "secret/super-secret/child", false)).isTrue();
    }

    @ParameterizedTest(name = "{2} decides {3}")
    @CsvSource({
        // + beats * at the same position: a prefix pattern is lower
        "secret/*, secret/+, secret/+, secret/x",
        // the exact pattern wins; beyond it only the prefix matches
        "secret/a*, secret/ab, secret/ab, secret/ab",
        "secret/a*, secret/ab, secret/a*, secret/abc",
        // a later first wildcard wins
        "secret/+, secret/a*, secret/a*, secret/ab",
        "foo/+/bar/baz, foo/bar/+/baz, foo/bar/+/baz, foo/bar/bar/baz",
        // not ending in * wins
        "foo/+/ba*, foo/+/bar, foo/+/bar, foo/x/bar",
        "foo/*, foo/+, foo/+, foo/x",
        // fewer + segments wins
        "foo/+/+/baz, foo/+/bar/baz, foo/+/bar/baz, foo/x/bar/baz",
        "foo/+/+/*, foo/+/b*, foo/+/b*, foo/x/b/c",
        // the longer pattern wins
        "foo/+/bar/b*, foo/+/bar/ba*, foo/+/bar/ba*, foo/x/bar/baz",
        // longest prefix among prefixes
        "secret/*, secret/data/*, secret/data/*, secret/data/x",
        "secret/data/*, secret/*, secret/data/*, secret/data/x",
        // + combined with a trailing *: same first-wildcard position, both prefixes, fewer + wins
        "secret/*, secret/+/app/*, secret/*, secret/x/app/a/b",
        "secret*, secret/+/app/*, secret/+/app/*, secret/x/app/a/b",
        "secret*, secret/+/app/*, secret/+/app/*, secret/x/app/",
        "secret*, secret/+/app/*, secret*, secret/x/app",
    })
    void priorityBetweenMatchingPatterns(String first, String second, String winner, String path) {
        Acl a = acl("path \"" + first + "\" {\n capabilities = [\"read\"]\n}\n",
                "path \"" + second + "\" {\n capabilities = [\"list\"]\n}\n");
        Decision d = a.explain(READ, path);
        assertThat(d.pattern()).isEqualTo(winner);
        assertThat(d.allowed()).isEqualTo(winner.equals(first));
        // the losing pattern is not consulted, in either direction
        Acl swapped = acl("path \"" + first + "\" {\n capabilities = [\"list\"]\n}\n",
                "path \"" + second + "\" {\n capabilities = [\"read\"]\n}\n");
        assertThat(swapped.explain(READ, path).pattern()).isEqualTo(winner);
        assertThat(swapped.allows(READ, path, false)).isEqualTo(winner.equals(second));
    }

    @Test
    void wildcardsMatchAsDocumented() {
        Acl a = acl("""
                path "secret*" { capabilities = ["read"] }
                path "kv/+/config" { capabilities = ["read"] }
                path "kv/+" { capabilities = ["list"] }
                """.replace("{ c", "{\n c").replace("] }", "]\n}"));
        assertThat(a.allows(READ, "secrets/x", false)).isTrue();
        assertThat(a.allows(READ, "secret", false)).isTrue();
        assertThat(a.allows(READ, "kv/a/config", false)).isTrue();
        assertThat(a.allows(READ, "kv/a/b/config", false)).isFalse();
        assertThat(a.allows(LIST, "kv/a", false)).isTrue();
        assertThat(a.capabilities("kv/")).isEmpty();
    }

    @Test
    void rulesForTheSamePathInSeveralPoliciesAreMerged() {
        Acl a = acl("path \"secret/app\" {\n capabilities = [\"read\"]\n}\n",
                "path \"secret/app\" {\n capabilities = [\"update\"]\n}\n");
        assertThat(a.capabilities("secret/app")).containsExactlyInAnyOrder(Capability.READ, Capability.UPDATE);
        Decision read = a.explain(READ, "secret/app");
        assertThat(read.allowed()).isTrue();
        assertThat(read.policies()).containsExactly("p1");
        assertThat(read.reason()).isEqualTo("allowed by rule \"secret/app\" of policy \"p1\"");
        assertThat(a.explain(UPDATE, "secret/app").policies()).containsExactly("p2");
        assertThat(a.explain(DELETE, "secret/app").reason())
                .isEqualTo("denied: rule \"secret/app\" of policies \"p1\", \"p2\" does not grant \"delete\"");
    }

    @Test
    void denyInAnyPolicyWinsForThatPattern() {
        String grant = "path \"secret/*\" {\n capabilities = [\"read\", \"list\"]\n}\n";
        String deny = "path \"secret/*\" {\n capabilities = [\"deny\"]\n}\n";
        for (Acl a : List.of(acl(grant, deny), acl(deny, grant))) {
            assertThat(a.allows(READ, "secret/x", false)).isFalse();
            assertThat(a.capabilities("secret/x")).containsExactly(Capability.DENY);
        }
        Decision d = acl(grant, deny).explain(READ, "secret/x");
        assertThat(d.policies()).containsExactly("p2");
        assertThat(d.reason()).isEqualTo("denied by rule \"secret/*\" of policy \"p2\"");
    }

    @Test
    void aDenyOnABroadPatternDoesNotReachAMoreSpecificGrantInAnotherPolicy() {
        Acl a = acl("path \"secret/*\" {\n capabilities = [\"deny\"]\n}\n",
                "path \"secret/app/*\" {\n capabilities = [\"read\"]\n}\n");
        assertThat(a.allows(READ, "secret/app/db", false)).isTrue();
        assertThat(a.allows(READ, "secret/other", false)).isFalse();
    }

    @Test
    void sudoIsASeparateCapability() {
        Acl a = acl("""
                path "sys/seal" {
                  capabilities = ["update"]
                }
                path "sys/policies/acl/*" {
                  capabilities = ["read", "update", "sudo"]
                }
                """);
        assertThat(a.allows(UPDATE, "sys/seal", false)).isTrue();
        assertThat(a.allows(UPDATE, "sys/seal", true)).isFalse();
        assertThat(a.allows(UPDATE, "sys/policies/acl/x", true)).isTrue();
        assertThat(a.allows(DELETE, "sys/policies/acl/x", true)).isFalse();
        assertThat(a.decide(UPDATE, "sys/seal", true, Map.of(), Duration.ZERO).reason())
                .contains("does not grant \"sudo\"");
    }

    @Test
    void rootAllowsEverythingAndNothingElseDoes() {
        Acl root = Acl.of(List.of(Policy.ROOT));
        assertThat(root.isRoot()).isTrue();
        for (Operation op : Operation.values()) {
            assertThat(root.allows(op, "sys/seal", true)).isTrue();
        }
        assertThat(root.capabilities("anything")).contains(Capability.SUDO).doesNotContain(Capability.DENY);
        assertThat(root.explain(READ, "x").policies()).containsExactly("root");

        Acl none = Acl.of(List.<Policy>of());
        assertThat(none.allows(READ, "secret/x", false)).isFalse();
        assertThat(none.capabilities("secret/x")).isEmpty();
        assertThat(none.explain(READ, "secret/x").reason()).isEqualTo("denied: no policy grants access to this path");
    }

    @Test
    void theDefaultPolicyLetsATokenLookItselfUpAndUseItsCubbyhole() {
        Acl a = Acl.of(List.of(Policy.defaultPolicy()));
        assertThat(a.allows(READ, "auth/token/lookup-self", false)).isTrue();
        assertThat(a.allows(UPDATE, "auth/token/renew-self", false)).isTrue();
        assertThat(a.allows(UPDATE, "auth/token/revoke-self", false)).isTrue();
        assertThat(a.allows(UPDATE, "sys/capabilities-self", false)).isTrue();
        for (Operation op : List.of(CREATE, READ, UPDATE, DELETE)) {
            assertThat(a.allows(op, "cubbyhole/my-notes", false)).isTrue();
        }
        assertThat(a.allows(LIST, "cubbyhole/", false)).isTrue();
        assertThat(a.allows(PATCH, "cubbyhole/my-notes", false)).isFalse();
        assertThat(a.allows(READ, "secret/x", false)).isFalse();
        assertThat(a.allows(UPDATE, "sys/seal", true)).isFalse();
        assertThat(a.allows(UPDATE, "auth/token/create", false)).isFalse();
    }

    @Test
    void listFallsBackToTheExactPatternWithoutTheTrailingSlashAsVaultDoes() {
        Acl a = acl("path \"secret/metadata/app\" {\n capabilities = [\"list\", \"read\"]\n}\n");
        assertThat(a.allows(LIST, "secret/metadata/app/", false)).isTrue();
        assertThat(a.allows(READ, "secret/metadata/app/", false)).isFalse();
        assertThat(a.allows(READ, "secret/metadata/app", false)).isTrue();
    }

    @Test
    void listTriesTheWildcardPatternsAgainstThePathWithoutTheSlashFirst() {
        Acl a = acl("path \"secret/+\" {\n capabilities = [\"list\"]\n}\npath \"secret/*\" {\n capabilities = [\"deny\"]\n}\n");
        assertThat(a.explain(LIST, "secret/team/").pattern()).isEqualTo("secret/+");
        assertThat(a.allows(LIST, "secret/team/", false)).isTrue();
        assertThat(a.allows(READ, "secret/team/", false)).isFalse();
        assertThat(a.explain(READ, "secret/team/").pattern()).isEqualTo("secret/*");
    }

    @Test
    void aLeadingSlashOfTheRequestPathIsIgnored() {
        assertThat(VAULT_DOCS.allows(READ, "/secret/foo", false)).isTrue();
    }

    @Test
    void aMatchingRuleWithoutCapabilitiesHidesBroaderRules() {
        Acl a = acl("path \"secret/*\" {\n capabilities = [\"read\"]\n}\npath \"secret/locked\" {\n capabilities = []\n}\n");
        assertThat(a.allows(READ, "secret/locked", false)).isFalse();
        assertThat(a.capabilities("secret/locked")).isEmpty();
        assertThat(a.explain(READ, "secret/locked").pattern()).isEqualTo("secret/locked");
    }

    @Test
    void parameterConstraintsFromVaultsDocumentation() {
        Acl a = acl("""
                path "secret/restricted" {
                  capabilities = ["create", "update", "read"]
                  allowed_parameters = {
                    "foo" = []
                    "bar" = ["zip", "zap"]
                    "prefixed" = ["team-*"]
                  }
                }
                path "secret/open" {
                  capabilities = ["create"]
                  allowed_parameters = {
                    "*" = []
                    "foo" = ["bar"]
                  }
                  denied_parameters = {
                    "secret" = []
                    "mode" = ["unsafe"]
                  }
                }
                path "secret/sealed" {
                  capabilities = ["create"]
                  denied_parameters = {
                    "*" = []
                  }
                }
                path "secret/required" {
                  capabilities = ["create", "delete"]
                  required_parameters = ["bar", "baz"]
                }
                """);
        assertThat(create(a, "secret/restricted", Map.of("foo", "anything"))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("bar", "zip"))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("bar", "zap,zip"))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("bar", List.of("zip", "zap")))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("bar", List.of("zip", "nope")))).isFalse();
        assertThat(create(a, "secret/restricted", Map.of("bar", "nope"))).isFalse();
        assertThat(create(a, "secret/restricted", Map.of("BAR", "zip"))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("baz", "x"))).isFalse();
        assertThat(create(a, "secret/restricted", Map.of("prefixed", "team-a"))).isTrue();
        assertThat(create(a, "secret/restricted", Map.of("prefixed", "other"))).isFalse();
        assertThat(create(a, "secret/restricted", Map.of())).isTrue();

        assertThat(create(a, "secret/open", Map.of("anything", 1, "foo", "bar"))).isTrue();
        assertThat(create(a, "secret/open", Map.of("foo", "baz"))).isFalse();
        assertThat(create(a, "secret/open", Map.of("secret", "x"))).isFalse();
        assertThat(create(a, "secret/open", Map.of("mode", "unsafe"))).isFalse();
        assertThat(create(a, "secret/open", Map.of("mode", "safe"))).isTrue();

        assertThat(create(a, "secret/sealed", Map.of())).isTrue();
        assertThat(create(a, "secret/sealed", Map.of("x", "y"))).isFalse();

        assertThat(create(a, "secret/required", Map.of("bar", 1, "baz", 2))).isTrue();
        assertThat(create(a, "secret/required", Map.of("bar", 1))).isFalse();
        assertThat(a.allows(DELETE, "secret/required", false)).isTrue();

        Decision d = a.decide(CREATE, "secret/open", false, Map.of("secret", "hunter2"), Duration.ZERO);
        assertThat(d.reason()).contains("parameter \"secret\" is denied").doesNotContain("hunter2");
    }

    @Test
    void wrappingTtlLimits() {
        Acl a = acl("""
                path "secret/wrapped" {
                  capabilities = ["read"]
                  min_wrapping_ttl = "1m"
                  max_wrapping_ttl = "1h"
                }
                """);
        assertThat(a.allows(READ, "secret/wrapped", false)).isFalse();
        assertThat(a.decide(READ, "secret/wrapped", false, Map.of(), Duration.ofMinutes(5)).allowed()).isTrue();
        assertThat(a.decide(READ, "secret/wrapped", false, Map.of(), Duration.ofSeconds(10)).allowed()).isFalse();
        assertThat(a.decide(READ, "secret/wrapped", false, Map.of(), Duration.ofHours(2)).reason())
                .contains("at most 3600s");
    }

    @Test
    void capabilitiesReportTheDecidingRule() {
        Acl a = acl("path \"secret/*\" {\n capabilities = [\"read\", \"list\"]\n}\n");
        assertThat(a.capabilities("secret/x")).isEqualTo(EnumSet.of(Capability.READ, Capability.LIST));
        assertThat(a.capabilities("other/x")).isEmpty();
    }

    private static boolean create(Acl a, String path, Map<String, ?> parameters) {
        return a.decide(CREATE, path, false, parameters, Duration.ZERO).allowed();
    }
}
