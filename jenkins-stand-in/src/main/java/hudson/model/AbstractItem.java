package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractItem}. */
public abstract class AbstractItem extends Actionable implements Item {}
