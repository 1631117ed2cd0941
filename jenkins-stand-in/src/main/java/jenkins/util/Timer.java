package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.github.rootlyworkflowrun.standin.StandIn;
import java.util.concurrent.ScheduledExecutorService;

/** Stand-in (test double) of {@code jenkins.util.Timer}. */
public class Timer {
    @NonNull
    public static synchronized ScheduledExecutorService get() {
        throw StandIn.unsupported();
    }
}
