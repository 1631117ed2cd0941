package hudson.model;

import hudson.ExtensionPoint;

/** Stand-in (test double) of {@code hudson.model.RootAction}; its default methods (badge, primary) are left out. */
public interface RootAction extends Action, ExtensionPoint {}
