package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;

/** Stand-in (test double) of {@code hudson.model.TaskListener}. */
public interface TaskListener {
    @NonNull
    PrintStream getLogger();
}
