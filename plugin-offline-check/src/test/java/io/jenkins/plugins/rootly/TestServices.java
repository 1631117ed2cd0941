package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** The webhook secret a controller's credential would hold; null: webhooks off. */
    volatile String webhookSecret;

    TestServices(RunEngine engine) {
        this.engine = engine;
    }

    /**
     * Services on {@code scheduler}'s manual time: an engine over real HTTP, {@code token} as credential
     * {@code rootly-token}, and the emulator's URL with the given default timeout and poll interval.
     */
    static TestServices onManualTime(
            ManualScheduler scheduler, RootlyEmulator emulator, String token, String timeout, String pollInterval) {
        TestServices s = new TestServices(RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient().build())
                .build());
        s.credentials.put("rootly-token", token);
        s.clock = scheduler.clock();
        s.defaults = new Defaults(emulator.baseUrl(), "rootly-token", timeout, pollInterval);
        return s;
    }

    /** The emulator's default workflows plus {@code slow}: queued 1m, started 2m, then completed; on {@code clock}. */
    static RootlyEmulator emulatorWithSlowWorkflow(String token, Clock clock) throws IOException {
        List<Scenario.WorkflowSpec> workflows =
                new ArrayList<>(Scenario.defaults().workflows());
        workflows.add(new Scenario.WorkflowSpec(
                null,
                "slow",
                "Slow",
                "simple",
                true,
                true,
                List.of(
                        new Scenario.Step("queued", null, "1m"),
                        new Scenario.Step("started", null, "2m"),
                        new Scenario.Step("completed", null, null)),
                null));
        return RootlyEmulator.builder()
                .token(token)
                .clock(clock)
                .scenario(new Scenario(workflows, null, null, null))
                .start();
    }

    /**
     * The emulator's built-in scenario (its services, environments and pulse workflows: {@code announce-pulse} runs
     * for any pulse whose source is not {@code quiet} and completes, {@code smoke-test-production} runs for pulses
     * labelled {@code env:production} and fails) plus {@code canary-check}, which runs for pulses labelled
     * {@code tier:canary} and ends completed_with_errors; on {@code clock}.
     */
    static RootlyEmulator emulatorWithPulseWorkflows(String token, Clock clock) throws IOException {
        Scenario defaults = Scenario.defaults();
        List<Scenario.WorkflowSpec> workflows = new ArrayList<>(defaults.workflows());
        workflows.add(Scenario.WorkflowSpec.builder("canary-check")
                .name("Canary check")
                .pulseLabel("CONTAINS", "tier:canary")
                .startAfter(Duration.ofSeconds(3))
                .step("started", Duration.ofSeconds(5))
                .then("completed_with_errors", "1 of 2 canaries unhealthy")
                .build());
        return RootlyEmulator.builder()
                .token(token)
                .clock(clock)
                .scenario(new Scenario(
                        workflows,
                        defaults.rateLimit(),
                        defaults.faults(),
                        defaults.seed(),
                        defaults.services(),
                        defaults.environments()))
                .start();
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

    @Override
    public String webhookSecret() {
        return webhookSecret;
    }

    /** Webhooks on, as a configured secret credential turns them on: the secret, and the fallback in the defaults. */
    TestServices webhooksOn(String secret, String fallbackPollInterval) {
        webhookSecret = secret;
        Defaults d = defaults;
        defaults = new Defaults(d.apiUrl(), d.credentialsId(), d.timeout(), d.pollInterval(), fallbackPollInterval);
        return this;
    }
}
