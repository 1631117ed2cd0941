package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.github.rootlyworkflowrun.engine.RunEngine;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Services for glue tests: a given engine, credentials from a map, and settable global defaults. */
final class TestServices implements RootlyServices {
    final Map<String, String> credentials = new ConcurrentHashMap<>();
    final Map<String, Integer> tracked = new ConcurrentHashMap<>();
    private final RunEngine engine;
    volatile Defaults defaults = new Defaults(null, null, "30m", "10s");
    volatile String rootUrl;
    volatile Clock clock = Clock.systemUTC();

    TestServices(RunEngine engine) {
        this.engine = engine;
    }

    TestServices install() {
        RootlyServices.Holder.override = this;
        return this;
    }

    static void uninstall() {
        RootlyServices.Holder.override = null;
    }

    @Override
    @NonNull
    public RunEngine engine() {
        return engine;
    }

    @Override
    @NonNull
    public String token(@NonNull Run<?, ?> run, @NonNull String credentialsId, @NonNull String apiUrl)
            throws java.io.IOException {
        String token = credentials.get(credentialsId);
        if (token == null) {
            throw RootlyServices.usage("no Secret text credential '" + credentialsId + "' is visible to this job;"
                    + " add one, or set credentialsId to an existing one");
        }
        tracked.merge(credentialsId, 1, Integer::sum);
        return token;
    }

    @Override
    public String rootUrl() {
        return rootUrl;
    }

    @Override
    @NonNull
    public Clock clock() {
        return clock;
    }

    @Override
    @NonNull
    public Defaults defaults() {
        return defaults;
    }
}
