package hudson.model;

/** Stand-in (test double) of {@code hudson.model.AbstractCIBase}. */
public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem> {}
