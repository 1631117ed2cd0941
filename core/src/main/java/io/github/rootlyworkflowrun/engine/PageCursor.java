package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one listing of runs page by page, following Rootly's {@code next_page}. A server whose paging points
 * back to a page already read, or that answers every page number with the same page, would otherwise cost
 * {@link #MAX_PAGES} requests per listing: such a loop ends the listing with a warning.
 */
final class PageCursor {
    static final int MAX_PAGES = 200;

    private final Map<String, WorkflowRun> runs = new LinkedHashMap<>();
    private final Set<Integer> read = new HashSet<>();
    private final Set<String> duplicates = new LinkedHashSet<>();
    private final Consumer<ProgressEvent> warnings;
    private boolean anyNew;

    PageCursor(Consumer<ProgressEvent> warnings) {
        this.warnings = warnings;
    }

    /** Takes in page {@code number}'s runs. */
    void add(int number, Page<WorkflowRun> page) {
        read.add(number);
        anyNew = false;
        for (WorkflowRun run : page.items()) {
            if (runs.put(run.id(), run) == null) {
                anyNew = true;
            } else {
                duplicates.add(run.id());
            }
        }
    }

    /** The number of the page to read after page {@code number} (just added), or null when the listing is done. */
    Integer next(int number, Page<WorkflowRun> page) {
        if (!page.hasNext() || read.size() >= MAX_PAGES) {
            return null;
        }
        int next = page.nextPage();
        if (!anyNew) {
            // The server ignores the page number and repeats itself: the same loop, seen from the items.
            warnings.accept(new ProgressEvent.PagingLoop(number, null));
            return null;
        }
        if (next <= number || read.contains(next)) {
            warnings.accept(new ProgressEvent.PagingLoop(number, next));
            return null;
        }
        return next;
    }

    Map<String, WorkflowRun> runs() {
        return runs;
    }

    /** Ids listed more than once in this listing, in the order first repeated. */
    List<String> duplicates() {
        return List.copyOf(duplicates);
    }
}
