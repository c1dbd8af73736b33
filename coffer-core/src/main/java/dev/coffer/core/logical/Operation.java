package dev.coffer.core.logical;

/** What a request does to a path. HTTP verbs map onto these as Vault maps them. */
public enum Operation {
    READ, CREATE, UPDATE, PATCH, DELETE, LIST;

    /** The capability name a policy grants for this operation. */
    public String capability() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
