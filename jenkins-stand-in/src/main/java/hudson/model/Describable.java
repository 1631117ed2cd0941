package hudson.model;

import io.github.rootlyworkflowrun.standin.StandIn;

/** Stand-in (test double) of {@code hudson.model.Describable}. */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw StandIn.unsupported();
    }
}
