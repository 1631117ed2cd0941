package io.github.rootlyworkflowrun.api;

import java.util.Map;

/**
 * The attributes of one create-run call. {@code requestId} is the {@code context.ci.request_id} sent, or
 * null when CI context is switched off; it is how an ambiguous create is matched to its run.
 */
public record CreateRunRequest(
        String workflowId,
        Target target,
        boolean immediate,
        boolean checkConditions,
        Map<String, Object> context,
        String requestId) {

    public CreateRunRequest {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(context);
    }
}
