package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;

/** Stand-in (test double) of {@code hudson.tasks.Builder}. */
public abstract class Builder extends BuildStepCompatibilityLayer implements Describable<Builder>, ExtensionPoint {}
