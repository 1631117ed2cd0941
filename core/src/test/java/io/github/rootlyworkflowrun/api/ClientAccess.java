package io.github.rootlyworkflowrun.api;

/** Lets tests in other packages call the client methods that are not public API (the product never sends them). */
public final class ClientAccess {
    private ClientAccess() {}

    /** {@code GET /v1/workflows/{id-or-slug}}, for the OpenAPI contract test. */
    public static Workflow getWorkflow(RootlyClient client, String idOrSlug) {
        return client.getWorkflow(idOrSlug);
    }
}
