package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RateLimit;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
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
    /** Pauses at least this long are logged, so that no wait is silent (contract section 10). */
    static final Duration LOGGED_PAUSE = Duration.ofSeconds(1);
    /** A request with less time left than this is not started: it could not get an answer anyway. */
    static final Duration SHORTEST_CALL = Duration.ofMillis(100);

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

    /**
     * A safe, repeatable request. {@code call} gets the time left in the budget (null: unbounded), to bound the
     * request in flight.
     */
    <T> CompletableFuture<T> get(
            RootlyClient client,
            Function<Duration, T> call,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        return start(false, client, call, events, requests, budget);
    }

    /** The create request: failures that may have reached Rootly come back to the caller to reconcile. */
    <T> CompletableFuture<T> post(
            RootlyClient client,
            Supplier<T> call,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        return start(true, client, left -> call.get(), events, requests, budget);
    }

    private <T> CompletableFuture<T> start(
            boolean isPost,
            RootlyClient client,
            Function<Duration, T> call,
            Consumer<ProgressEvent> events,
            AtomicInteger requests,
            Budget budget) {
        Attempts<T> attempts = new Attempts<>(isPost, client, call, events, requests, budget);
        guarded(attempts.result, () -> attempts.attempt(1)).run();
        return attempts.result;
    }

    /** One call's attempts: what stays the same from the first attempt to the last, and the future they end. */
    private final class Attempts<T> {
        final boolean isPost;
        final RootlyClient client;
        final Function<Duration, T> call;
        final Consumer<ProgressEvent> events;
        final AtomicInteger requests;
        final Budget budget;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Attempts(
                boolean isPost,
                RootlyClient client,
                Function<Duration, T> call,
                Consumer<ProgressEvent> events,
                AtomicInteger requests,
                Budget budget) {
            this.isPost = isPost;
            this.client = client;
            this.call = call;
            this.events = events;
            this.requests = requests;
            this.budget = budget;
        }

        /** Paces attempt {@code n} by Rootly's remaining rate-limit budget, unless that outlasts the budget. */
        void attempt(int n) {
            Instant now = clock.instant();
            RateLimit rateLimit = client.lastRateLimit();
            Duration pace = budget.unpaced() ? Duration.ZERO : rateLimit.delayBeforeNext(now);
            if (!budget.fits(now, pace)) {
                result.completeExceptionally(new OutOfTime(null, pacingReason(rateLimit), true, pace));
                return;
            }
            if (pace.compareTo(LOGGED_PAUSE) >= 0) {
                events.accept(new ProgressEvent.Pacing(pace, rateLimit.remaining()));
            }
            scheduler.schedule(pace, guarded(result, () -> send(n)));
        }

        private void send(int n) {
            if (result.isDone()) {
                return; // cancelled while waiting
            }
            Duration left = budget.left(clock.instant());
            if (left != null && left.compareTo(SHORTEST_CALL) < 0) {
                result.completeExceptionally(new OutOfTime(null, "no time left for the request", false, SHORTEST_CALL));
                return;
            }
            requests.incrementAndGet();
            T value;
            try {
                value = call.apply(left);
            } catch (RootlyApiException e) {
                warn(client, events);
                retryOrFail(n, e);
                return;
            }
            warn(client, events);
            result.complete(value);
        }

        private void retryOrFail(int n, RootlyApiException e) {
            Duration delay = retryDelay(e, n, isPost);
            if (delay == null) {
                result.completeExceptionally(e);
                return;
            }
            if (!budget.fits(clock.instant(), delay)) {
                result.completeExceptionally(new OutOfTime(e.requestLine(), reason(e), e.status() == 429, delay));
                return;
            }
            events.accept(
                    e.status() == 429
                            ? new ProgressEvent.RateLimited(e.requestLine(), delay)
                            : new ProgressEvent.Retrying(e.requestLine(), n, delay, e.title()));
            scheduler.schedule(delay, guarded(result, () -> attempt(n + 1)));
        }
    }

    /**
     * Any throwable a task meets, an {@code Error} such as an out-of-memory on a giant page included, ends the
     * call's future: a scheduled task that dies silently would leave its caller waiting forever.
     */
    static Runnable guarded(CompletableFuture<?> result, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
    }

    private static String reason(RootlyApiException e) {
        String words = e.title() != null && !e.title().isBlank() ? e.title() : null;
        if (e.kind() != RootlyApiException.Kind.HTTP) {
            return words;
        }
        return "HTTP " + e.status() + (words == null ? "" : " " + words);
    }

    private static String pacingReason(RateLimit rateLimit) {
        return "Rootly's rate limit is used up"
                + (rateLimit.remaining() == null ? "" : ", " + rateLimit.remaining() + " requests left");
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
