package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Queue.Task;
import io.github.rootlyworkflowrun.standin.StandIn;
import org.springframework.security.core.Authentication;

/** Stand-in (test double) of {@code hudson.model.queue.Tasks}. */
public class Tasks {
    @NonNull
    public static Authentication getAuthenticationOf2(@NonNull Task t) {
        throw StandIn.unsupported();
    }
}
