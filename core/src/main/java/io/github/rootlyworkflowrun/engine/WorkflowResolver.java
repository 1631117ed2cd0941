package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the user's workflow reference into a workflow id. A UUID is used as is; a slug or a name is looked up
 * and must match exactly one workflow, because Rootly's list filters may match loosely.
 */
final class WorkflowResolver {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int PAGE_SIZE = 100;

    private final Retrier retrier;

    WorkflowResolver(Retrier retrier) {
        this.retrier = retrier;
    }

    static boolean isUuid(String reference) {
        return UUID.matcher(reference).matches();
    }

    CompletableFuture<Workflow> resolve(
            RootlyClient client,
            String reference,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        if (isUuid(reference)) {
            return CompletableFuture.completedFuture(new Workflow(reference, null, null, null, null));
        }
        Map<String, Workflow> seen = new LinkedHashMap<>();
        return lookup(client, "slug", reference, events, requests, budget)
                .thenCompose(bySlug -> {
                    bySlug.forEach(w -> seen.put(w.id(), w));
                    List<Workflow> exact = bySlug.stream()
                            .filter(w -> reference.equals(w.slug()))
                            .toList();
                    if (!exact.isEmpty()) {
                        return CompletableFuture.completedFuture(exact);
                    }
                    return lookup(client, "name", reference, events, requests, budget)
                            .thenApply(byName -> {
                                byName.forEach(w -> seen.put(w.id(), w));
                                return byName.stream()
                                        .filter(w -> reference.equals(w.name()))
                                        .toList();
                            });
                })
                .thenApply(matches -> {
                    if (matches.size() == 1) {
                        Workflow w = matches.get(0);
                        events.accept(new ProgressEvent.WorkflowResolved(reference, w));
                        return w;
                    }
                    if (matches.isEmpty()) {
                        throw new RunFailure(
                                Outcome.REJECTED_OR_UNREACHABLE,
                                "No workflow has the slug or name '" + reference + "'"
                                        + (seen.isEmpty()
                                                ? ""
                                                : "; similar: " + describe(new ArrayList<>(seen.values())))
                                        + ". Use the workflow's id or exact slug, and check the token can see it.");
                    }
                    throw new RunFailure(
                            Outcome.REJECTED_OR_UNREACHABLE,
                            "The name '" + reference + "' matches " + matches.size() + " workflows: "
                                    + describe(matches) + ". Use the id or slug of the one you mean.");
                });
    }

    private CompletableFuture<List<Workflow>> lookup(
            RootlyClient client,
            String field,
            String value,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        return retrier.get(client, left -> client.listWorkflows(field, value, 1, PAGE_SIZE), events, requests, budget)
                .thenApply(Page::items);
    }

    private static String describe(List<Workflow> workflows) {
        return workflows.stream()
                        .limit(5)
                        .map(w -> "'" + w.name() + "' (slug " + w.slug() + ", id " + w.id() + ")")
                        .collect(Collectors.joining(", "))
                + (workflows.size() > 5 ? " and " + (workflows.size() - 5) + " more" : "");
    }
}
