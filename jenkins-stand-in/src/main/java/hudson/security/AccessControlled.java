package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.github.rootlyworkflowrun.standin.StandIn;
import org.springframework.security.access.AccessDeniedException;

/** Stand-in (test double) of {@code hudson.security.AccessControlled}. */
public interface AccessControlled {
    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        throw StandIn.unsupported();
    }

    default boolean hasPermission(@NonNull Permission permission) {
        throw StandIn.unsupported();
    }
}
