package hudson.model;

/** Stand-in (test double) of {@code hudson.model.TopLevelItem}. */
public interface TopLevelItem extends Item {}
