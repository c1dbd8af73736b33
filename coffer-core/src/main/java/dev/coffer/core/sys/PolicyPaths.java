package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import dev.coffer.core.policy.Acl;
import dev.coffer.core.policy.Capability;
import dev.coffer.core.policy.PathNormalizer;
import dev.coffer.core.policy.PolicyStore;
import dev.coffer.core.token.TokenEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code sys/policy}, {@code sys/policies/acl} (the same store, two API generations) and
 * {@code sys/capabilities}, {@code -self}, {@code -accessor}.
 */
final class PolicyPaths {
    private PolicyPaths() {}

    /** Resolves tokens for the capabilities endpoints. */
    interface Tokens {
        Optional<TokenEntry> byToken(String token);

        Optional<TokenEntry> byAccessor(String accessor);
    }

    static List<PathSpec> paths(Supplier<PolicyStore> storeRef, Tokens tokens) {
        Field name = Field.of("name", FieldType.STRING, "The policy's name.");
        Field policy = Field.of("policy", FieldType.STRING, "The policy document (HCL or JSON).");
        Field rules = Field.of("rules", FieldType.STRING, "Old name of 'policy'.");
        Field paths = Field.of("paths", FieldType.STRING_LIST, "Paths to check.");
        Field path = Field.of("path", FieldType.STRING_LIST, "Old name of 'paths'.");
        return List.of(
                PathSpec.path("policy/?")
                        .read((req, f) -> {
                            List<String> names = store(storeRef).names();
                            return Response.of(Map.of("keys", names, "policies", names));
                        })
                        .synopsis("List policy names.").build(),
                PathSpec.path("policy/(?<name>.+)").field(name).field(policy).field(rules)
                        .read((req, f) -> {
                            String n = f.getString("name").toLowerCase(java.util.Locale.ROOT);
                            String text = store(storeRef).text(n).orElseThrow(() -> CofferException.notFound(""));
                            return Response.of(Map.of("name", n, "rules", text));
                        })
                        .update((req, f) -> {
                            store(storeRef).put(f.getString("name"), f.has("policy") ? f.getString("policy") : f.getString("rules"));
                            return Response.noContent();
                        })
                        .on(Operation.DELETE, (req, f) -> {
                            store(storeRef).delete(f.getString("name"));
                            return Response.noContent();
                        })
                        .synopsis("Read, write or delete a policy.").build(),
                PathSpec.path("policies/acl/?")
                        .on(Operation.LIST, (req, f) -> Response.of(Map.of("keys", store(storeRef).names())))
                        .synopsis("List ACL policies.").build(),
                PathSpec.path("policies/acl/(?<name>.+)").field(name).field(policy)
                        .read((req, f) -> {
                            String n = f.getString("name").toLowerCase(java.util.Locale.ROOT);
                            String text = store(storeRef).text(n).orElseThrow(() -> CofferException.notFound(""));
                            return Response.of(Map.of("name", n, "policy", text));
                        })
                        .update((req, f) -> {
                            store(storeRef).put(f.getString("name"), f.getString("policy"));
                            return Response.noContent();
                        })
                        .on(Operation.DELETE, (req, f) -> {
                            store(storeRef).delete(f.getString("name"));
                            return Response.noContent();
                        })
                        .synopsis("Read, write or delete an ACL policy.").build(),
                PathSpec.path("capabilities").field(Field.of("token", FieldType.STRING, "The token.").asSensitive())
                        .field(paths).field(path)
                        .update((req, f) -> capabilities(store(storeRef), tokens.byToken(str(f, "token"))
                                .orElseThrow(() -> CofferException.invalid("invalid token")), f))
                        .synopsis("A token's capabilities on paths.").build(),
                PathSpec.path("capabilities-accessor").field(Field.of("accessor", FieldType.STRING, "Accessor."))
                        .field(paths).field(path)
                        .update((req, f) -> capabilities(store(storeRef), tokens.byAccessor(str(f, "accessor"))
                                .orElseThrow(() -> CofferException.invalid("invalid accessor")), f))
                        .synopsis("A token's capabilities on paths, by accessor.").build(),
                PathSpec.path("capabilities-self").field(paths).field(path).anyToken()
                        .update((req, f) -> capabilities(store(storeRef), req.token(), f))
                        .synopsis("The calling token's capabilities on paths.").build());
    }

    private static PolicyStore store(Supplier<PolicyStore> ref) {
        PolicyStore s = ref.get();
        if (s == null) {
            throw CofferException.sealed();
        }
        return s;
    }

    private static String str(FieldData f, String name) {
        if (!f.has(name) || f.getString(name).isEmpty()) {
            throw CofferException.invalid("missing required field '" + name + "'");
        }
        return f.getString(name);
    }

    @SuppressWarnings("unchecked")
    private static Response capabilities(PolicyStore store, TokenEntry token, FieldData f) {
        List<String> paths = new ArrayList<>();
        if (f.has("paths")) {
            paths.addAll((List<String>) f.get("paths"));
        }
        if (f.has("path")) {
            paths.addAll((List<String>) f.get("path"));
        }
        if (paths.isEmpty()) {
            throw CofferException.invalid("missing required field 'paths'");
        }
        Acl acl = store.acl(token.policies(), token.claims());
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> union = new TreeSet<>();
        for (String p : paths) {
            List<String> caps = names(acl, PathNormalizer.check(p.startsWith("/") ? p.substring(1) : p));
            out.put(p, caps);
            union.addAll(caps);
        }
        out.put("capabilities", paths.size() == 1 ? out.get(paths.get(0)) : new ArrayList<>(union));
        return Response.of(out);
    }

    /** Vault's answer: {@code root} for a root token, {@code deny} when nothing is granted. */
    static List<String> names(Acl acl, String path) {
        if (acl.isRoot()) {
            return List.of("root");
        }
        Set<Capability> caps = acl.capabilities(path);
        if (caps.isEmpty() || caps.contains(Capability.DENY)) {
            return List.of("deny");
        }
        return caps.stream().map(Capability::hclName).sorted().toList();
    }
}
