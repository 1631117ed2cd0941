package com.cloudbees.plugins.credentials.common;

/** Stand-in (test double) of the credentials plugin's {@code StandardListBoxModel}. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;
}
