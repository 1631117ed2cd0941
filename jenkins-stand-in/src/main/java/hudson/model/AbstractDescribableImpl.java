package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractDescribableImpl}. */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {}
