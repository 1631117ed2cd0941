package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** Stand-in (test double) of the credentials plugin's {@code Credentials}. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {}
