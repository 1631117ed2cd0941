package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs one API call with the HTTP discipline of docs/contract.md (section 4): GETs are retried on network errors, 408, 429 and 5xx
 * with jittered exponential backoff; a create is retried only when it provably never arrived, or on 429.
 * Every wait is scheduled, never slept.
 */
final class Retrier {
    static final int MAX_ATTEMPTS = 6;
    static final int MAX_RATE_LIMITED_ATTEMPTS = 8;

    private final Scheduler scheduler;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration baseDelay;
    private final Duration maxDelay;

    Retrier(Scheduler scheduler, Clock clock, RandomGenerator random, Duration baseDelay, Duration maxDelay) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** A safe, repeatable request. */
    <T> CompletableFuture<T> get(
            RootlyClient client, Supplier<T> call, Consumer<ProgressEvent> events, AtomicInteger requests) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(1, false, client, call, events, requests, result);
        return result;
    }

    /** The create request: failures that may have reached Rootly come back to the caller to reconcile. */
    <T> CompletableFuture<T> post(
            RootlyClient client, Supplier<T> call, Consumer<ProgressEvent> events, AtomicInteger requests) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(1, true, client, call, events, requests, result);
        return result;
    }

    private <T> void attempt(
            int n,
            boolean isPost,
            RootlyClient client,
            Supplier<T> call,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            CompletableFuture<T> result) {
        Duration pace = client.lastRateLimit().delayBeforeNext(clock.instant());
        scheduler.schedule(pace, () -> {
            if (result.isDone()) {
                return; // cancelled while waiting
            }
            requests.incrementAndGet();
            try {
                T value = call.get();
                warn(client, events);
                result.complete(value);
            } catch (RootlyApiException e) {
                warn(client, events);
                Duration delay = retryDelay(e, n, isPost);
                if (delay == null) {
                    result.completeExceptionally(e);
                    return;
                }
                events.accept(
                        e.status() == 429
                                ? new ProgressEvent.RateLimited(e.requestLine(), delay)
                                : new ProgressEvent.Retrying(e.requestLine(), n, delay, e.title()));
                scheduler.schedule(delay, () -> attempt(n + 1, isPost, client, call, events, requests, result));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /** Passes on what the client ignored in its answers (unreadable headers), so the user hears of it once. */
    private static void warn(RootlyClient client, Consumer<ProgressEvent> events) {
        client.takeWarnings().forEach(w -> events.accept(new ProgressEvent.AnswerIgnoredInPart(w)));
    }

    /** How long to wait before attempt {@code n + 1}, or null when the failure must not be retried. */
    Duration retryDelay(RootlyApiException e, int n, boolean isPost) {
        if (e.kind() == RootlyApiException.Kind.HTTP && e.status() == 429) {
            if (n >= MAX_RATE_LIMITED_ATTEMPTS) {
                return null;
            }
            Duration asked = e.rateLimit().waitAfter429(clock.instant());
            return asked != null ? asked : backoff(n);
        }
        if (n >= MAX_ATTEMPTS) {
            return null;
        }
        boolean retryable = isPost
                ? e.kind() == RootlyApiException.Kind.NOT_SENT
                : switch (e.kind()) {
                    case NOT_SENT, NO_RESPONSE, BAD_RESPONSE -> true;
                    case HTTP -> e.status() == 408 || e.status() >= 500;
                    case TLS -> false;
                };
        return retryable ? backoff(n) : null;
    }

    /** Exponential from the base delay, capped, with "equal jitter": half fixed, half random. */
    private Duration backoff(int n) {
        long full = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(n - 1, 20));
        long half = full / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
