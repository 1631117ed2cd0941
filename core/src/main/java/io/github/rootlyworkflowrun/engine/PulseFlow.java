package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Creates pulses and finds and awaits the runs they trigger, for {@link RunEngine}. */
final class PulseFlow {
    private final RunEngine engine;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;

    PulseFlow(RunEngine engine, Scheduler scheduler, Clock clock, Retrier retrier) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.clock = clock;
        this.retrier = retrier;
    }

    CompletableFuture<PulseResult> pulse(PulseSpec spec, ProgressListener events) {
        throw new UnsupportedOperationException("Pulse API commit: the flow follows in the next commit");
    }

    CompletableFuture<PulseResult> create(PulseSpec spec, ProgressListener events) {
        throw new UnsupportedOperationException("Pulse API commit: the flow follows in the next commit");
    }

    CompletableFuture<PulseResult> adopt(PulseSpec spec, Instant startedAt, ProgressListener events) {
        throw new UnsupportedOperationException("Pulse API commit: the flow follows in the next commit");
    }

    CompletableFuture<PulseResult> awaitTriggered(PulseTicket ticket, ApiToken token, ProgressListener events) {
        throw new UnsupportedOperationException("Pulse API commit: the flow follows in the next commit");
    }
}
