package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyApiException;
import java.util.concurrent.CompletionException;

/** The wording of a create's failures: what happened, to which workflow, and what to do next. */
final class Messages {
    private Messages() {}

    /** Turns a failure into an outcome of docs/contract.md with a message that says what happened and what to do. */
    static RunFailure failure(Throwable error, RunSpec spec, String workflow) {
        if (error instanceof RunFailure f) {
            return f;
        }
        if (error instanceof UsageException u) {
            return new RunFailure(Outcome.USAGE_ERROR, u.getMessage());
        }
        if (error instanceof OutOfTime late) {
            // Only pauses before anything was created end here: an ambiguous create is reconciled, not retried.
            return new RunFailure(
                    Outcome.REJECTED_OR_UNREACHABLE,
                    (late.requestLine() != null ? late.requestLine() + ": " : "")
                            + late.reason().replaceFirst("\\.$", "") // Rootly's own words may end a sentence
                            + ". The next attempt would be in "
                            + Durations.format(late.asked().plusMillis(999))
                            + ", past the " + Durations.format(RunEngine.CREATE_BOUND)
                            + " allowed for creating a run, so no run"
                            + " of workflow " + workflow + " was created. Try again later, or raise the API key's"
                            + " rate limits.");
        }
        if (error instanceof RootlyApiException e) {
            String rootly = e.getMessage();
            String next =
                    switch (e.kind() == RootlyApiException.Kind.HTTP ? e.status() : -1) {
                        case 401 -> "Rootly rejected the API token; check the API token in " + spec.tokenSource() + ".";
                        case 403 -> "The API token may not run workflow " + workflow
                                + "; use a token whose role may run workflows (" + spec.tokenSource() + ").";
                        case 404 -> "Workflow " + workflow
                                + " (or the target resource) was not found or is not visible to this"
                                + " token; check the workflow id or slug, the target id, and the token's team.";
                        case 415 -> "Rootly refused the request's content type; please report this as a bug.";
                        case 422 -> "Rootly did not create the run.";
                        case 429 -> "Rootly kept rate-limiting the request; try again later or raise your API limits.";
                            // One-shot answers: sending the same request again would fail the same way.
                        case 400 -> "Rootly found the request invalid and created no run; check the run's context"
                                + " and target id against its message.";
                        case 409 -> "Rootly reported a conflict and created no run; check the workflow and its target"
                                + " in Rootly (a run may already be in progress) before trying again.";
                        case 413 -> "The request is too large for Rootly, which created no run; make the run's"
                                + " context smaller.";
                        default -> e.kind() != RootlyApiException.Kind.HTTP
                                ? "Could not reach Rootly at " + spec.apiUrl()
                                        + "; check the URL, DNS, proxy and network."
                                // Redirects are never followed (RootlyClient), so any 3xx is one.
                                : e.status() / 100 == 3
                                        ? "Check the API URL: " + spec.apiUrl() + " is not the API's address."
                                        : e.status() / 100 == 4 && e.status() != 408
                                                ? "Rootly refused the request and created no run; fix what its"
                                                        + " message says before trying again."
                                                : "Rootly kept failing; try again later.";
                    };
            return new RunFailure(Outcome.REJECTED_OR_UNREACHABLE, rootly + ". " + next);
        }
        return new RunFailure(
                Outcome.REJECTED_OR_UNREACHABLE,
                "Unexpected " + describe(error) + " while creating a run of workflow " + workflow
                        + "; please report it. Check the workflow's runs in Rootly before trying again.");
    }

    /** A throwable in a line: its simple class name and message, never a stack trace. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** A workflow as the user wrote it, with Rootly's name for it when that says more. */
    static String workflowLabel(String reference, String name) {
        return name != null && !name.equals(reference) ? "'" + reference + "' (" + name + ")" : "'" + reference + "'";
    }

    /** The failure a future's completion wraps. */
    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
