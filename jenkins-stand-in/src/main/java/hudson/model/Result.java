package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stand-in (test double) of {@code hudson.model.Result}: the three results the plugin uses, printing their names. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    public static final Result SUCCESS = new Result("SUCCESS");

    @NonNull
    public static final Result UNSTABLE = new Result("UNSTABLE");

    @NonNull
    public static final Result FAILURE = new Result("FAILURE");

    private final String name;

    private Result(String name) {
        this.name = name;
    }

    @Override
    @NonNull
    public String toString() {
        return name;
    }
}
