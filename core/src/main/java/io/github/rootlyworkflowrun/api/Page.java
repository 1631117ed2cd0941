package io.github.rootlyworkflowrun.api;

import java.util.List;

/** One page of a JSON:API list, with the paging facts from {@code meta}. */
public record Page<T>(List<T> items, int currentPage, Integer nextPage, Integer totalCount, Integer totalPages) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextPage != null && !items.isEmpty();
    }
}
