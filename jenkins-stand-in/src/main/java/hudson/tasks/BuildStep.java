package hudson.tasks;

/** Stand-in (test double) of {@code hudson.tasks.BuildStep}: none of its members are used by the plugin. */
public interface BuildStep {}
