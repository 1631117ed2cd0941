package hudson.model;

/** Stand-in (test double) of {@code hudson.model.Node}. */
public abstract class Node extends AbstractModelObject {}
