package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractBuild}. */
public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {}
