package io.github.rootlyworkflowrun.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A create followed, if it asks for one, by a wait, as one future whose {@code cancel} reaches the stage in flight.
 * A future from {@code thenCompose} does not pass {@code cancel()} on to the future it composed, so the stage in
 * flight is tracked here and cancelled by hand: first the create, then the wait.
 */
final class CreateThenWait {
    private CreateThenWait() {}

    /** {@code then} returns the wait for the create's result, or null when the create's result is final. */
    static <T> CompletableFuture<T> chain(CompletableFuture<T> create, Function<T, CompletableFuture<T>> then) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> stage = new AtomicReference<>(create);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                stage.get().cancel(false);
            }
        });
        create.whenComplete((created, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            CompletableFuture<T> waiting;
            try {
                waiting = then.apply(created);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e); // never leave the caller's future hanging
                return;
            }
            if (waiting == null) {
                result.complete(created);
                return;
            }
            stage.set(waiting);
            if (result.isCancelled()) {
                waiting.cancel(false); // cancelled while the create was finishing
                return;
            }
            waiting.whenComplete((done, failed) -> {
                if (failed != null) {
                    result.completeExceptionally(failed);
                } else {
                    result.complete(done);
                }
            });
        });
        return result;
    }
}
