package hudson.security;

/** Stand-in (test double) of {@code hudson.security.Permission}; no instances exist offline. */
public final class Permission {
    private Permission() {}
}
