package io.github.rootlyworkflowrun.standin;

/** Marks the Jenkins API stand-in: what its bodies throw when something needs a real Jenkins. */
public final class StandIn {
    private StandIn() {}

    /** The failure of a stand-in body: this code only compiles against the real API offline, it never runs Jenkins. */
    public static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException(
                "Jenkins API stand-in (a compile-only test double): no real Jenkins here");
    }
}
