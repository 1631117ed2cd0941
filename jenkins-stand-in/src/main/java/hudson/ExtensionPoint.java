package hudson;

/** Stand-in (test double) of {@code hudson.ExtensionPoint}. */
public interface ExtensionPoint {}
