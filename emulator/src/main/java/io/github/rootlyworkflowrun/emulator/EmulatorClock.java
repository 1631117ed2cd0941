package io.github.rootlyworkflowrun.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's time: a base clock plus an offset that tests and the control API can move forward, so a run that
 * stays queued for ten minutes can be rehearsed in a second, and client/server clock skew can be staged.
 */
public final class EmulatorClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    /** Moves the emulator's time forward (or back, with a negative duration). */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator clock has one zone");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
