package hudson.model;

/** Stand-in (test double) of {@code hudson.model.ItemGroup}. */
public interface ItemGroup<T extends Item> {}
