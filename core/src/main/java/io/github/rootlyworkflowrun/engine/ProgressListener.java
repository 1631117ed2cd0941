package io.github.rootlyworkflowrun.engine;

/** Receives what the engine is doing; front ends render it. Called from scheduler threads, one event at a time per run. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = event -> {};

    void on(ProgressEvent event);
}
