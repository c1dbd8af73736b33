package dev.coffer.core.policy;

import dev.coffer.core.logical.Operation;
import java.util.List;

/**
 * What a set of policies allows. Default deny: a token is allowed only what a policy grants.
 * For now only the built-in {@code root} policy exists (it allows everything, sudo included);
 * named ACL policies with path rules come with the policy store.
 */
public final class Acl {
    private final boolean root;

    private Acl(boolean root) {
        this.root = root;
    }

    public static Acl of(List<String> policies) {
        return new Acl(policies.contains("root"));
    }

    /** True if {@code op} on {@code path} (a full path such as {@code sys/seal}) is allowed. */
    public boolean allows(Operation op, String path, boolean needsSudo) {
        return root;
    }
}
