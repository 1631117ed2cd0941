package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Stand-in (test double) of {@code hudson.model.Item}; the permission constants are null here. */
public interface Item extends AccessControlled {
    Permission CONFIGURE = null;
    Permission EXTENDED_READ = null;

    @NonNull
    String getFullName();
}
