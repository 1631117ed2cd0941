package io.jenkins.plugins.rootly;

import hudson.model.TaskListener;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.ProgressListener;

/** Renders the engine's progress in the build log: each status change once, with elapsed time. */
final class BuildLog implements ProgressListener {
    static final String PREFIX = "[Rootly] ";

    private final TaskListener listener;

    BuildLog(TaskListener listener) {
        this.listener = listener;
    }

    @Override
    public void on(ProgressEvent event) {
        println(event.describe());
    }

    void println(String line) {
        listener.getLogger().println(PREFIX + line);
    }
}
