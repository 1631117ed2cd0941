package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Map;
import java.util.TreeMap;

/** Stand-in (test double) of {@code hudson.EnvVars}: a plain sorted map, enough for the glue's tests. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {}

    public EnvVars(@NonNull Map<String, String> m) {
        super(m);
    }
}
