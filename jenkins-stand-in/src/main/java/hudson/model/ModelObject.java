package hudson.model;

/** Stand-in (test double) of {@code hudson.model.ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
