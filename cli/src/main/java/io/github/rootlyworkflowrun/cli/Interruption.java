package io.github.rootlyworkflowrun.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * CI cancel: SIGTERM (exit 143) or SIGINT (exit 130) while a run is created or awaited. The JVM runs shutdown hooks
 * on both; this one hands the exit code to the invocation so it can still write every output. The hook is bounded:
 * it never holds the shutdown longer than {@link #BOUND_MILLIS}.
 */
final class Interruption {
    /** Longest time the hook may take; writing a few small files needs a fraction of it. */
    static final long BOUND_MILLIS = 5_000;

    /** 128 + the signal's number, as the JVM exits on it; set by the signal handlers below. */
    private final AtomicInteger exitCode = new AtomicInteger(128 + 15);

    private Interruption() {}

    /** Watches TERM, INT and HUP for the process; call once, from {@code main}. */
    static Interruption install() {
        Interruption interruption = new Interruption();
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                // Record which signal it was, then let the JVM's own handler start the shutdown with 128 + n.
                sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                previous[0] = sun.misc.Signal.handle(signal, s -> {
                    interruption.exitCode.set(128 + s.getNumber());
                    if (previous[0] == sun.misc.SignalHandler.SIG_DFL
                            || previous[0] == sun.misc.SignalHandler.SIG_IGN) {
                        System.exit(128 + s.getNumber()); // -Xrs: the JVM installed no handler of its own
                    } else {
                        previous[0].handle(s);
                    }
                });
            } catch (IllegalArgumentException e) {
                // The signal is ignored in this process (e.g. SIGINT in a background job) or not known here.
            }
        }
        return interruption;
    }

    /** Runs {@code onShutdown} with the exit code when the JVM shuts down, bounded; after normal exit it finds nothing to do. */
    void onShutdown(IntConsumer onShutdown) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Thread work = new Thread(() -> onShutdown.accept(exitCode.get()), "rootly-interrupted");
                            work.setDaemon(true);
                            work.start();
                            try {
                                work.join(BOUND_MILLIS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "rootly-shutdown"));
    }
}
