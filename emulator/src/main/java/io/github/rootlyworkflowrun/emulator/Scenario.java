package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the emulator serves: its workflows, how each one's runs progress, its rate limit and the faults it starts
 * with. Read from JSON or YAML; {@link #defaults()} has one workflow per outcome.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(List<WorkflowSpec> workflows, RateLimitSpec rateLimit, List<Fault> faults, Long seed) {

    public Scenario {
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        rateLimit = rateLimit == null ? RateLimitSpec.GENEROUS : rateLimit;
        faults = faults == null ? List.of() : List.copyOf(faults);
        seed = seed == null ? 1L : seed;
        for (WorkflowSpec w : workflows) {
            if (w.slug() == null || !w.slug().matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("workflow slug '" + w.slug() + "' must match ^[a-z0-9_-]+$");
            }
        }
    }

    /** A workflow and how its runs progress. {@code id} defaults to a UUID derived from the slug. */
    public record WorkflowSpec(
            String id,
            String slug,
            String name,
            String triggerType,
            Boolean enabled,
            Boolean conditionsMet,
            List<Step> steps,
            String vanishAfter) {

        public WorkflowSpec {
            id = id != null
                    ? id
                    : UUID.nameUUIDFromBytes(("rootly-emulator:" + slug).getBytes(StandardCharsets.UTF_8))
                            .toString();
            name = name != null ? name : slug;
            triggerType = triggerType != null ? triggerType : "simple";
            enabled = enabled == null || enabled;
            conditionsMet = conditionsMet == null || conditionsMet;
            steps = steps == null || steps.isEmpty() ? List.of(new Step("completed", null, null)) : List.copyOf(steps);
            if (vanishAfter != null) {
                Durations.parse(vanishAfter);
            }
        }
    }

    /**
     * One status a run holds; {@code for} is how long before the next step (absent on the last step, which holds
     * forever). {@code statusMessage} is what Rootly shows while the run is in this step.
     */
    public record Step(
            String status,
            String statusMessage,
            @com.fasterxml.jackson.annotation.JsonProperty("for") String duration) {
        public Step {
            if (status == null || status.isBlank()) {
                throw new IllegalArgumentException("a step needs a status");
            }
            if (duration != null) {
                Durations.parse(duration);
            }
        }

        Duration length() {
            return duration == null ? null : Durations.parse(duration);
        }
    }

    /** Requests per window, per token, counted separately for reads and writes, as Rootly does. */
    public record RateLimitSpec(Integer limit, String window, Boolean retryAfter) {
        static final RateLimitSpec GENEROUS = new RateLimitSpec(3000, "60s", false);

        public RateLimitSpec {
            limit = limit == null ? 3000 : limit;
            window = window == null ? "60s" : window;
            retryAfter = retryAfter != null && retryAfter;
            Durations.parse(window);
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads a scenario file; {@code .json} is read as JSON, anything else as YAML (a superset of JSON). */
    public static Scenario load(Path file) throws IOException {
        ObjectMapper mapper =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        byte[] text = Files.readAllBytes(file);
        // An empty file is an empty scenario (the emulator warns), not a parse error.
        return new String(text, StandardCharsets.UTF_8).isBlank()
                ? new Scenario(List.of(), null, null, null)
                : mapper.readValue(text, Scenario.class);
    }

    /** Parses scenario text (JSON or YAML). */
    public static Scenario parse(String text) throws IOException {
        return YAML.readValue(text, Scenario.class);
    }

    /** One workflow per outcome, so the demo and tests need no file. */
    public static Scenario defaults() {
        List<WorkflowSpec> w = new ArrayList<>();
        w.add(workflow(
                "deploy-succeeds",
                "Deploy succeeds",
                true,
                null,
                step("queued", "1s"),
                step("started", "2s"),
                step("completed", null)));
        w.add(workflow(
                "deploy-completes-with-errors",
                "Deploy completes with errors",
                true,
                null,
                step("queued", "1s"),
                step("started", "2s"),
                new Step("completed_with_errors", "1 of 3 tasks failed: Post to #deploys", null)));
        w.add(workflow(
                "deploy-fails",
                "Deploy fails",
                true,
                null,
                step("queued", "1s"),
                step("started", "2s"),
                new Step("failed", "Task 'Page on-call' failed: escalation policy not found", null)));
        w.add(workflow(
                "deploy-is-canceled",
                "Deploy is canceled",
                true,
                null,
                step("queued", "1s"),
                new Step("canceled", "Canceled by a responder", null)));
        w.add(workflow("deploy-stays-queued", "Deploy stays queued", true, null, step("queued", null)));
        w.add(workflow(
                "deploy-reports-unknown-status",
                "Deploy reports an unknown status",
                true,
                null,
                step("queued", "1s"),
                step("awaiting_approval", "2s"),
                step("completed", null)));
        w.add(workflow("deploy-conditions-unmet", "Deploy conditions unmet", false, null, step("completed", null)));
        return new Scenario(w, RateLimitSpec.GENEROUS, List.of(), 1L);
    }

    private static WorkflowSpec workflow(
            String slug, String name, boolean conditionsMet, String vanishAfter, Step... steps) {
        return new WorkflowSpec(null, slug, name, "simple", true, conditionsMet, List.of(steps), vanishAfter);
    }

    private static Step step(String status, String duration) {
        return new Step(status, null, duration);
    }
}
