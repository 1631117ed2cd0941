package io.github.rootlyworkflowrun.engine;

/** Ends an invocation early with a known outcome and the user-facing message for it. */
final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Outcome outcome;

    RunFailure(Outcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    Outcome outcome() {
        return outcome;
    }
}
