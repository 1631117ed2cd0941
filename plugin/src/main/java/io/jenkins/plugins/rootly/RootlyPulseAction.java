package io.jenkins.plugins.rootly;

import hudson.model.Action;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The pulses a build recorded with {@code rootlyPulse}, on its page: each pulse and the workflow runs it started. */
public final class RootlyPulseAction implements Action {
    private final List<PulseRecord> pulses = new ArrayList<>();

    /** Records (or updates, by pulse id) one pulse on {@code build} and saves the build. */
    static void record(Run<?, ?> build, PulseRecord record) throws IOException {
        synchronized (build) {
            RootlyPulseAction action = build.getAction(RootlyPulseAction.class);
            if (action == null) {
                action = new RootlyPulseAction();
                build.addAction(action);
            }
            action.put(record);
        }
        build.save();
    }

    /** Adds (or updates) one run found for the recorded pulse {@code pulseId}, while the step still waits. */
    static void recordRun(Run<?, ?> build, String pulseId, RunRecord run) throws IOException {
        update(build, pulseId, p -> p.withRun(run));
    }

    /**
     * Marks the recorded pulse {@code pulseId} and its unfinished runs as aborted, so the build page no longer shows
     * them as still waiting; {@code lastStatus} holds each run's status as last seen, by run id.
     */
    static void recordAbort(Run<?, ?> build, String pulseId, Map<String, String> lastStatus) throws IOException {
        update(build, pulseId, p -> p.aborted(lastStatus));
    }

    private static void update(Run<?, ?> build, String pulseId, UnaryOperator<PulseRecord> change) throws IOException {
        synchronized (build) {
            RootlyPulseAction action = build.getAction(RootlyPulseAction.class);
            PulseRecord last = action == null ? null : action.find(pulseId);
            if (last == null) {
                return;
            }
            action.put(change.apply(last));
        }
        build.save();
    }

    private synchronized PulseRecord find(String pulseId) {
        return pulses.stream()
                .filter(p -> pulseId != null && pulseId.equals(p.getPulseId()))
                .findFirst()
                .orElse(null);
    }

    private synchronized void put(PulseRecord record) {
        int at = -1;
        for (int i = 0; i < pulses.size(); i++) {
            if (record.getPulseId() != null
                    && record.getPulseId().equals(pulses.get(i).getPulseId())) {
                at = i;
            }
        }
        if (at >= 0) {
            pulses.set(at, record); // keep the build's order of pulses
        } else {
            pulses.add(record);
        }
    }

    public synchronized List<PulseRecord> getPulses() {
        return List.copyOf(pulses);
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Rootly pulses";
    }

    @Override
    public String getUrlName() {
        return "rootly-pulses";
    }
}
