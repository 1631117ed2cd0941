package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stand-in (test double) of the credentials plugin's {@code CredentialsMatcher}. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(@NonNull Credentials item);
}
