package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.github.rootlyworkflowrun.standin.StandIn;

/** Stand-in (test double) of the credentials plugin's {@code CredentialsMatchers}. */
public class CredentialsMatchers {
    @NonNull
    public static CredentialsMatcher always() {
        throw StandIn.unsupported();
    }

    @NonNull
    public static CredentialsMatcher withId(@NonNull String id) {
        throw StandIn.unsupported();
    }
}
