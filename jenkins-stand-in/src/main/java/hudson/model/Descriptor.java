package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in (test double) of {@code hudson.model.Descriptor}: load and save do nothing. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {}

    @NonNull
    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    public synchronized void save() {}

    public synchronized void load() {}
}
