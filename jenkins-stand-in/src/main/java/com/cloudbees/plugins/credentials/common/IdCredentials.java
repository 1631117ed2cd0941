package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in (test double) of the credentials plugin's {@code IdCredentials}. */
public interface IdCredentials extends Credentials {
    @NonNull
    String getId();
}
