package com.cloudbees.plugins.credentials.common;

/** Stand-in (test double) of the credentials plugin's {@code StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {}
