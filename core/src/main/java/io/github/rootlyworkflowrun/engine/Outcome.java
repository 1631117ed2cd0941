package io.github.rootlyworkflowrun.engine;

/** How one invocation ended: the outcome table of docs/contract.md, with the build result and exit code of each. */
public enum Outcome {
    CREATED(0),
    SUCCEEDED(0),
    COMPLETED_WITH_ERRORS(-1),
    FAILED(1),
    USAGE_ERROR(2),
    CANCELED(3),
    TIMED_OUT(4),
    REJECTED_OR_UNREACHABLE(5);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code; only COMPLETED_WITH_ERRORS depends on the policy (0, 6 or 1). */
    public int exitCode(CompletedWithErrorsPolicy policy) {
        if (this != COMPLETED_WITH_ERRORS) {
            return exitCode;
        }
        return switch (policy) {
            case SUCCESS -> 0;
            case UNSTABLE -> 6;
            case FAILURE -> 1;
        };
    }

    public BuildResult buildResult(CompletedWithErrorsPolicy policy) {
        return switch (this) {
            case CREATED, SUCCEEDED -> BuildResult.SUCCESS;
            case COMPLETED_WITH_ERRORS -> BuildResult.valueOf(policy.name());
            default -> BuildResult.FAILURE;
        };
    }
}
