package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.CatalogEntry;
import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns the services and environments a pulse names into ids, as {@link WorkflowResolver} does for workflows: a UUID
 * is used as is; a slug or a name is looked up and must match exactly one entry, because Rootly's list filters may
 * match loosely. No match or several is a failure that names the value and the candidates, before anything is
 * created.
 */
final class CatalogResolver {
    /** One of the two catalogs a pulse refers to: its field name, its words, and its list call. */
    enum Kind {
        SERVICES("services", "service"),
        ENVIRONMENTS("environments", "environment");

        final String field;
        final String noun;

        Kind(String field, String noun) {
            this.field = field;
            this.noun = noun;
        }

        Page<CatalogEntry> list(RootlyClient client, String filter, String value, Duration within) {
            return this == SERVICES
                    ? client.listServices(filter, value, 1, PAGE_SIZE, within)
                    : client.listEnvironments(filter, value, 1, PAGE_SIZE, within);
        }
    }

    private static final int PAGE_SIZE = 100;

    private final Retrier retrier;

    CatalogResolver(Retrier retrier) {
        this.retrier = retrier;
    }

    /** The ids of {@code references}, in order, resolved one after the other; repeats resolve once. */
    CompletableFuture<List<String>> resolveAll(
            RootlyClient client,
            Kind kind,
            List<String> references,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        CompletableFuture<List<String>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (String reference : references) {
            chain = chain.thenCompose(ids -> resolve(client, kind, reference, events, requests, budget)
                    .thenApply(id -> {
                        if (!ids.contains(id)) {
                            ids.add(id);
                        }
                        return ids;
                    }));
        }
        return chain.thenApply(List::copyOf);
    }

    CompletableFuture<String> resolve(
            RootlyClient client,
            Kind kind,
            String reference,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        if (WorkflowResolver.isUuid(reference)) {
            return CompletableFuture.completedFuture(reference);
        }
        Map<String, CatalogEntry> seen = new LinkedHashMap<>();
        return lookup(client, kind, "slug", reference, events, requests, budget)
                .thenCompose(bySlug -> {
                    bySlug.forEach(e -> seen.put(e.id(), e));
                    List<CatalogEntry> exact = bySlug.stream()
                            .filter(e -> reference.equals(e.slug()))
                            .toList();
                    if (!exact.isEmpty()) {
                        return CompletableFuture.completedFuture(exact);
                    }
                    return lookup(client, kind, "name", reference, events, requests, budget)
                            .thenApply(byName -> {
                                byName.forEach(e -> seen.put(e.id(), e));
                                return byName.stream()
                                        .filter(e -> reference.equals(e.name()))
                                        .toList();
                            });
                })
                .thenCompose(matches -> matches.isEmpty() && seen.isEmpty()
                        // Only on the way to an error: Rootly's free-text search names candidates to choose from.
                        ? lookup(client, kind, "search", reference, events, requests, budget)
                                .thenApply(similar -> {
                                    similar.forEach(e -> seen.put(e.id(), e));
                                    return matches;
                                })
                        : CompletableFuture.completedFuture(matches))
                .thenApply(matches -> {
                    if (matches.size() == 1) {
                        CatalogEntry entry = matches.get(0);
                        events.accept(new ProgressEvent.CatalogResolved(kind.field, reference, entry));
                        return entry.id();
                    }
                    if (matches.isEmpty()) {
                        throw new RunFailure(
                                Outcome.REJECTED_OR_UNREACHABLE,
                                "No " + kind.noun + " matched '" + reference + "' by id, slug or name"
                                        + (seen.isEmpty()
                                                ? ""
                                                : "; similar: " + describe(new ArrayList<>(seen.values())))
                                        + ". Use the " + kind.noun + "'s id, exact slug or exact name, and check the"
                                        + " token can see it; no pulse was created.");
                    }
                    throw new RunFailure(
                            Outcome.REJECTED_OR_UNREACHABLE,
                            "The name '" + reference + "' matches " + matches.size() + " " + kind.field + ": "
                                    + describe(matches) + ". Use the id or slug of the one you mean; no pulse was"
                                    + " created.");
                });
    }

    private CompletableFuture<List<CatalogEntry>> lookup(
            RootlyClient client,
            Kind kind,
            String filter,
            String value,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        return retrier.get(client, left -> kind.list(client, filter, value, left), events, requests, budget)
                .thenApply(Page::items);
    }

    private static String describe(List<CatalogEntry> entries) {
        return entries.stream()
                        .limit(5)
                        .map(e -> "'" + e.name() + "' (slug " + e.slug() + ", id " + e.id() + ")")
                        .collect(Collectors.joining(", "))
                + (entries.size() > 5 ? " and " + (entries.size() - 5) + " more" : "");
    }
}
