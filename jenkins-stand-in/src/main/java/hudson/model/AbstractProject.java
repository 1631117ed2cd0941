package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractProject}. */
@SuppressWarnings("rawtypes")
public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>>
        extends Job<P, R> {}
