package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ProxyConfiguration;
import hudson.model.AbstractCIBase;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import io.github.rootlyworkflowrun.standin.StandIn;

/** Stand-in (test double) of {@code jenkins.model.Jenkins}: {@link #get()} fails, as no Jenkins runs offline. */
public class Jenkins extends AbstractCIBase implements AccessControlled {
    public static final Permission ADMINISTER = null;

    private Jenkins() {}

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw StandIn.unsupported();
    }

    @Nullable
    public String getRootUrl() throws IllegalStateException {
        throw StandIn.unsupported();
    }

    @CheckForNull
    public ProxyConfiguration getProxy() {
        throw StandIn.unsupported();
    }
}
