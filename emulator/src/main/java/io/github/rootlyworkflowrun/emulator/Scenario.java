package io.github.rootlyworkflowrun.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the emulator serves: its workflows, how each one's runs progress, its services and environments (for pulses),
 * its rate limit and the faults it starts with. Build one in code with {@link #builder()}, read one from a JSON or
 * YAML file with {@link #load(Path)}; {@link #defaults()} has one workflow per outcome.
 */
public record Scenario(
        List<WorkflowSpec> workflows,
        RateLimitSpec rateLimit,
        List<Fault> faults,
        Long seed,
        List<ServiceSpec> services,
        List<EnvironmentSpec> environments) {

    public Scenario {
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        rateLimit = rateLimit == null ? RateLimitSpec.GENEROUS : rateLimit;
        faults = faults == null ? List.of() : List.copyOf(faults);
        seed = seed == null ? 1L : seed;
        services = services == null ? List.of() : List.copyOf(services);
        environments = environments == null ? List.of() : List.copyOf(environments);
        for (WorkflowSpec w : workflows) {
            checkSlug("workflow", w.slug());
        }
        unique("workflow", workflows.stream().map(WorkflowSpec::id).toList());
        unique("service", services.stream().map(ServiceSpec::id).toList());
        unique("service", services.stream().map(ServiceSpec::slug).toList());
        unique("environment", environments.stream().map(EnvironmentSpec::id).toList());
        unique("environment", environments.stream().map(EnvironmentSpec::slug).toList());
    }

    /** A scenario without services or environments, as before pulses were emulated. */
    public Scenario(List<WorkflowSpec> workflows, RateLimitSpec rateLimit, List<Fault> faults, Long seed) {
        this(workflows, rateLimit, faults, seed, null, null);
    }

    private static void checkSlug(String what, String slug) {
        if (slug == null || !slug.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException(what + " slug '" + slug + "' must match ^[a-z0-9_-]+$");
        }
    }

    private static void unique(String what, List<String> keys) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String k : keys) {
            if (!seen.add(k)) {
                throw new IllegalArgumentException("two " + what + "s have the id or slug '" + k + "'");
            }
        }
    }

    /** The UUID the emulator gives a {@code kind} of thing ({@code workflow}, ...) with this slug when none is set. */
    static String derivedId(String kind, String slug) {
        // Workflows keep the form they had before services and environments existed, so their ids do not change.
        String name = kind.equals("workflow") ? "rootly-emulator:" + slug : "rootly-emulator:" + kind + ":" + slug;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A service pulses can name in {@code service_ids}. {@code id} defaults to a UUID derived from the slug. */
    public record ServiceSpec(String id, String slug, String name) {
        public ServiceSpec {
            checkSlug("service", slug);
            id = id != null ? id : derivedId("service", slug);
            name = name != null ? name : slug;
        }
    }

    /** An environment pulses can name in {@code environment_ids}. {@code id} defaults to a UUID derived from the slug. */
    public record EnvironmentSpec(String id, String slug, String name) {
        public EnvironmentSpec {
            checkSlug("environment", slug);
            id = id != null ? id : derivedId("environment", slug);
            name = name != null ? name : slug;
        }
    }

    /** An empty scenario to add workflows, a rate limit, faults and a seed to. */
    public static Builder builder() {
        return new Builder();
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
            id = id != null ? id : derivedId("workflow", slug);
            name = name != null ? name : slug;
            triggerType = triggerType != null ? triggerType : "simple";
            enabled = enabled == null || enabled;
            conditionsMet = conditionsMet == null || conditionsMet;
            steps = steps == null || steps.isEmpty() ? List.of(new Step("completed", null, null)) : List.copyOf(steps);
            if (vanishAfter != null) {
                Durations.parse(vanishAfter);
            }
        }

        /** A workflow with this slug; without steps its runs complete at once. */
        public static Builder builder(String slug) {
            return new Builder(slug);
        }

        /** Builds a {@link WorkflowSpec}: steps in the order a run walks them, the last one held forever. */
        public static final class Builder {
            private final String slug;
            private String id;
            private String name;
            private String triggerType;
            private boolean enabled = true;
            private boolean conditionsMet = true;
            private final List<Step> steps = new ArrayList<>();
            private String vanishAfter;

            private Builder(String slug) {
                this.slug = slug;
            }

            public Builder id(String id) {
                this.id = id;
                return this;
            }

            public Builder name(String name) {
                this.name = name;
                return this;
            }

            /** {@code incident}, {@code post_mortem}, {@code action_item}, {@code alert}, {@code pulse} or {@code simple}. */
            public Builder triggerType(String triggerType) {
                this.triggerType = triggerType;
                return this;
            }

            public Builder enabled(boolean enabled) {
                this.enabled = enabled;
                return this;
            }

            /** False makes a create with {@code check_conditions: true} fail with 422, as Rootly does. */
            public Builder conditionsMet(boolean conditionsMet) {
                this.conditionsMet = conditionsMet;
                return this;
            }

            /** A step held for {@code length} before the next one. */
            public Builder step(String status, Duration length) {
                return step(status, null, length);
            }

            /** A step with the message Rootly shows while a run is in it; {@code length} null holds it forever. */
            public Builder step(String status, String statusMessage, Duration length) {
                steps.add(new Step(status, statusMessage, length == null ? null : Durations.format(length)));
                return this;
            }

            /** The last step, held forever. */
            public Builder then(String status) {
                return step(status, null, null);
            }

            /** The last step, held forever, with the message Rootly shows. */
            public Builder then(String status, String statusMessage) {
                return step(status, statusMessage, null);
            }

            /** Runs drop out of the list this long after creation (to stage a lost run). */
            public Builder vanishAfter(Duration after) {
                this.vanishAfter = Durations.format(after);
                return this;
            }

            public WorkflowSpec build() {
                return new WorkflowSpec(id, slug, name, triggerType, enabled, conditionsMet, steps, vanishAfter);
            }
        }
    }

    /**
     * One status a run holds; {@code for} is how long before the next step (absent on the last step, which holds
     * forever). {@code statusMessage} is what Rootly shows while the run is in this step.
     */
    public record Step(String status, String statusMessage, String duration) {
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

    /** Builds a {@link Scenario}; unset parts take the defaults of the scenario file format. */
    public static final class Builder {
        private final List<WorkflowSpec> workflows = new ArrayList<>();
        private RateLimitSpec rateLimit;
        private final List<Fault> faults = new ArrayList<>();
        private Long seed;
        private final List<ServiceSpec> services = new ArrayList<>();
        private final List<EnvironmentSpec> environments = new ArrayList<>();

        private Builder() {}

        public Builder workflow(WorkflowSpec workflow) {
            workflows.add(workflow);
            return this;
        }

        public Builder service(ServiceSpec service) {
            services.add(service);
            return this;
        }

        /** A service with this slug and name, and an id derived from the slug. */
        public Builder service(String slug, String name) {
            return service(new ServiceSpec(null, slug, name));
        }

        public Builder environment(EnvironmentSpec environment) {
            environments.add(environment);
            return this;
        }

        /** An environment with this slug and name, and an id derived from the slug. */
        public Builder environment(String slug, String name) {
            return environment(new EnvironmentSpec(null, slug, name));
        }

        /** {@code limit} requests per {@code window} per token; {@code retryAfter} adds the header to each 429. */
        public Builder rateLimit(int limit, Duration window, boolean retryAfter) {
            this.rateLimit = new RateLimitSpec(limit, Durations.format(window), retryAfter);
            return this;
        }

        /** A fault active from the start and again after each reset. */
        public Builder fault(Fault fault) {
            faults.add(fault);
            return this;
        }

        /** Seeds the random choices of faults with a rate. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Scenario build() {
            return new Scenario(workflows, rateLimit, faults, seed, services, environments);
        }
    }

    /**
     * Reads a scenario file; {@code .json} is read as JSON, anything else as YAML (a superset of JSON). An empty file is
     * a scenario without workflows. Needs jackson-dataformat-yaml on the class path for YAML.
     */
    public static Scenario load(Path file) throws IOException {
        return ScenarioReader.load(file);
    }

    /** Parses scenario text (YAML, or JSON); needs jackson-dataformat-yaml on the class path. */
    public static Scenario parse(String text) throws IOException {
        return ScenarioReader.parse(text);
    }

    /** One workflow per outcome, two services and two environments, so the demo and tests need no file. */
    public static Scenario defaults() {
        Duration second = Duration.ofSeconds(1);
        Duration twoSeconds = Duration.ofSeconds(2);
        return builder()
                .service("api", "API")
                .service("web", "Web")
                .environment("production", "Production")
                .environment("staging", "Staging")
                .workflow(WorkflowSpec.builder("deploy-succeeds")
                        .name("Deploy succeeds")
                        .step("queued", second)
                        .step("started", twoSeconds)
                        .then("completed")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-completes-with-errors")
                        .name("Deploy completes with errors")
                        .step("queued", second)
                        .step("started", twoSeconds)
                        .then("completed_with_errors", "1 of 3 tasks failed: Post to #deploys")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-fails")
                        .name("Deploy fails")
                        .step("queued", second)
                        .step("started", twoSeconds)
                        .then("failed", "Task 'Page on-call' failed: escalation policy not found")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-is-canceled")
                        .name("Deploy is canceled")
                        .step("queued", second)
                        .then("canceled", "Canceled by a responder")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-stays-queued")
                        .name("Deploy stays queued")
                        .then("queued")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-reports-unknown-status")
                        .name("Deploy reports an unknown status")
                        .step("queued", second)
                        .step("awaiting_approval", twoSeconds)
                        .then("completed")
                        .build())
                .workflow(WorkflowSpec.builder("deploy-conditions-unmet")
                        .name("Deploy conditions unmet")
                        .conditionsMet(false)
                        .then("completed")
                        .build())
                .build();
    }
}
