package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.github.rootlyworkflowrun.standin.StandIn;
import java.io.Serializable;

/** Stand-in (test double) of {@code hudson.util.Secret}. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {}

    @NonNull
    public String getPlainText() {
        throw StandIn.unsupported();
    }
}
