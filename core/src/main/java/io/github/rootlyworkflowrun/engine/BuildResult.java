package io.github.rootlyworkflowrun.engine;

/** The three build results every CI system has; Jenkins maps them onto {@code hudson.model.Result}. */
public enum BuildResult {
    SUCCESS,
    UNSTABLE,
    FAILURE
}
