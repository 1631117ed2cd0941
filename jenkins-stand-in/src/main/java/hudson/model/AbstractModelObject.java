package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractModelObject}. */
public abstract class AbstractModelObject {}
