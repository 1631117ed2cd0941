package hudson.tasks;

/** Stand-in (test double) of {@code hudson.tasks.BuildStepCompatibilityLayer}. */
@Deprecated
public abstract class BuildStepCompatibilityLayer implements BuildStep {}
