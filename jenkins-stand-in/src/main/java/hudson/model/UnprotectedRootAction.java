package hudson.model;

import hudson.ExtensionPoint;

/** Stand-in (test double) of {@code hudson.model.UnprotectedRootAction}. */
public interface UnprotectedRootAction extends RootAction, ExtensionPoint {}
