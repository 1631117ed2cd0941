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
        List<EnvironmentSpec> environments,
        WebhookSpec webhook) {

    public Scenario {
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        rateLimit = rateLimit == null ? RateLimitSpec.GENEROUS : rateLimit;
        faults = faults == null ? List.of() : List.copyOf(faults);
        seed = seed == null ? 1L : seed;
        services = services == null ? List.of() : List.copyOf(services);
        environments = environments == null ? List.of() : List.copyOf(environments);
        webhook = webhook == null ? WebhookSpec.NONE : webhook;
        for (WorkflowSpec w : workflows) {
            checkSlug("workflow", w.slug());
        }
        // Slugs first: a repeated slug also repeats the id derived from it, and the slug is what the file shows.
        unique("workflow", workflows.stream().map(WorkflowSpec::slug).toList());
        unique("workflow", workflows.stream().map(WorkflowSpec::id).toList());
        unique("service", services.stream().map(ServiceSpec::slug).toList());
        unique("service", services.stream().map(ServiceSpec::id).toList());
        unique("environment", environments.stream().map(EnvironmentSpec::slug).toList());
        unique("environment", environments.stream().map(EnvironmentSpec::id).toList());
    }

    /** A scenario without services or environments, as before pulses were emulated. */
    public Scenario(List<WorkflowSpec> workflows, RateLimitSpec rateLimit, List<Fault> faults, Long seed) {
        this(workflows, rateLimit, faults, seed, null, null, null);
    }

    /** A scenario that sends no webhooks. */
    public Scenario(
            List<WorkflowSpec> workflows,
            RateLimitSpec rateLimit,
            List<Fault> faults,
            Long seed,
            List<ServiceSpec> services,
            List<EnvironmentSpec> environments) {
        this(workflows, rateLimit, faults, seed, services, environments, null);
    }

    /**
     * Outgoing webhooks: where to POST the signed run events, the file holding the secret (never the secret itself,
     * so a scenario can be printed), whether {@code completed_with_errors} is sent as {@code
     * genius_workflow_run.completed} ({@code completed}, the default) or not at all ({@code none}: Rootly documents
     * no event of its own for it), and the webhook faults active from the start and after each reset. Without a URL
     * (here or from {@link RootlyEmulator.Builder#webhook}) nothing is sent.
     */
    public record WebhookSpec(String url, String secretFile, String completedWithErrors, List<WebhookFault> faults) {
        static final WebhookSpec NONE = new WebhookSpec(null, null, null, null);

        public WebhookSpec {
            completedWithErrors = completedWithErrors == null ? "completed" : completedWithErrors;
            if (!completedWithErrors.equals("completed") && !completedWithErrors.equals("none")) {
                throw new IllegalArgumentException(
                        "webhook completedWithErrors must be completed or none, not '" + completedWithErrors + "'");
            }
            faults = faults == null ? List.of() : List.copyOf(faults);
            if (url != null) {
                RootlyEmulator.webhookUri(url);
            }
        }
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

    /**
     * A workflow and how its runs progress. {@code id} defaults to a UUID derived from the slug. A pulse workflow
     * ({@code triggerType} {@code pulse}, {@code triggers} {@code pulse_created} by default) starts a run by itself,
     * {@code startAfter} after each pulse its {@code pulseConditions} match, while it is {@code enabled}.
     */
    public record WorkflowSpec(
            String id,
            String slug,
            String name,
            String triggerType,
            Boolean enabled,
            Boolean conditionsMet,
            List<Step> steps,
            String vanishAfter,
            List<String> triggers,
            PulseConditions pulseConditions,
            String startAfter) {

        public WorkflowSpec {
            id = id != null ? id : derivedId("workflow", slug);
            name = name != null ? name : slug;
            boolean pulseSettings = pulseConditions != null || startAfter != null;
            triggerType = triggerType != null ? triggerType : pulseSettings ? "pulse" : "simple";
            enabled = enabled == null || enabled;
            conditionsMet = conditionsMet == null || conditionsMet;
            steps = steps == null || steps.isEmpty() ? List.of(new Step("completed", null, null)) : List.copyOf(steps);
            if (vanishAfter != null) {
                Durations.parse(vanishAfter);
            }
            boolean pulse = triggerType.equals("pulse");
            if (pulseSettings && !pulse) {
                throw new IllegalArgumentException("workflow '" + slug
                        + "': pulseConditions and startAfter are for workflows with triggerType pulse, not "
                        + triggerType);
            }
            triggers = triggers != null ? List.copyOf(triggers) : pulse ? List.of("pulse_created") : List.of();
            pulseConditions = pulseConditions == null && pulse ? PulseConditions.EVERY_PULSE : pulseConditions;
            if (startAfter != null) {
                Durations.parse(startAfter);
            }
        }

        /** A workflow without pulse settings, as before pulses were emulated. */
        public WorkflowSpec(
                String id,
                String slug,
                String name,
                String triggerType,
                Boolean enabled,
                Boolean conditionsMet,
                List<Step> steps,
                String vanishAfter) {
            this(id, slug, name, triggerType, enabled, conditionsMet, steps, vanishAfter, null, null, null);
        }

        /** Whether a pulse starts a run of this workflow: an enabled pulse workflow on pulse_created that matches. */
        boolean startsFor(EmulatedPulse pulse) {
            return enabled
                    && triggerType.equals("pulse")
                    && triggers.contains("pulse_created")
                    && pulseConditions.matches(pulse);
        }

        /** How long after a matching pulse its run starts. */
        Duration startDelay() {
            return startAfter == null ? Duration.ZERO : Durations.parse(startAfter);
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
            private List<String> triggers;
            private String pulseMatch;
            private Condition pulseSource;
            private Condition pulseLabel;
            private String startAfter;

            private Builder(String slug) {
                this.slug = slug;
            }

            /** The events that trigger it; a pulse workflow's default is {@code pulse_created}. */
            public Builder triggers(String... triggers) {
                this.triggers = List.of(triggers);
                return this;
            }

            /**
             * A condition on the pulse's source, in Rootly's words ({@code IS}, {@code ANY}, {@code CONTAINS}, ...; see
             * {@link Condition}); makes it a pulse workflow unless a trigger type is set.
             */
            public Builder pulseSource(String operator, String... values) {
                this.pulseSource = new Condition(operator, List.of(values), false);
                return this;
            }

            /** A condition on the pulse's labels, each written {@code key:value}; see {@link #pulseSource}. */
            public Builder pulseLabel(String operator, String... values) {
                this.pulseLabel = new Condition(operator, List.of(values), false);
                return this;
            }

            /** A condition on the source or labels with {@code use_regexp}: each value is a regular expression. */
            public Builder pulseCondition(String field, Condition condition) {
                switch (field) {
                    case "source" -> pulseSource = condition;
                    case "label" -> pulseLabel = condition;
                    default -> throw new IllegalArgumentException(
                            "a pulse condition is on 'source' or 'label', not '" + field + "'");
                }
                return this;
            }

            /** How the source and label conditions combine: {@code ALL} (the default), {@code ANY} or {@code NONE}. */
            public Builder pulseMatch(String match) {
                this.pulseMatch = match;
                return this;
            }

            /** How long after a matching pulse a run starts (Rootly takes a moment too); zero by default. */
            public Builder startAfter(Duration delay) {
                this.startAfter = Durations.format(delay);
                return this;
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
                PulseConditions conditions = pulseMatch == null && pulseSource == null && pulseLabel == null
                        ? null
                        : new PulseConditions(pulseMatch, pulseSource, pulseLabel);
                return new WorkflowSpec(
                        id,
                        slug,
                        name,
                        triggerType,
                        enabled,
                        conditionsMet,
                        steps,
                        vanishAfter,
                        triggers,
                        conditions,
                        startAfter);
            }
        }
    }

    /**
     * When a pulse starts a pulse workflow's run, as Rootly's {@code pulse_trigger_params} say: a condition on the
     * pulse's source and one on its labels, joined by {@code match} ({@code pulse_condition}): {@code ALL} of them
     * (the default), {@code ANY} or {@code NONE}. Only conditions that are set take part; with none, every pulse
     * matches. Conditions on the payload (JSONPath) are not emulated.
     */
    public record PulseConditions(String match, Condition source, Condition label) {
        static final PulseConditions EVERY_PULSE = new PulseConditions(null, null, null);

        public PulseConditions {
            match = match == null ? "ALL" : match;
            if (!List.of("ALL", "ANY", "NONE").contains(match)) {
                throw new IllegalArgumentException(
                        "pulse condition match must be ALL, ANY or NONE, not '" + match + "'");
            }
            source = source == null ? Condition.UNSET_ANY : source;
            label = label == null ? Condition.UNSET_ANY : label;
        }

        boolean matches(EmulatedPulse pulse) {
            List<Boolean> results = new ArrayList<>();
            if (source.isSet()) {
                results.add(source.testSource(pulse.source()));
            }
            if (label.isSet()) {
                results.add(label.testLabels(pulse.labels().stream()
                        .map(l -> l.key() + ":" + l.value())
                        .toList()));
            }
            return switch (match) {
                case "ANY" -> results.isEmpty() || results.contains(true);
                case "NONE" -> !results.contains(true);
                default -> !results.contains(false);
            };
        }
    }

    /**
     * One pulse condition: an operator of Rootly's vocabulary and the values it compares with; labels are written
     * {@code key:value}, as Rootly shows them. Rootly's documentation names the operators "is", "is one of" ({@code
     * ANY}), "none of" ({@code NONE}), "contains any of" ({@code CONTAINS}), "contains all of", "contains none of",
     * "is set" and "is unset". On the source (one value), {@code IS} and {@code ANY} ask it to equal one of the
     * values, {@code IS NOT} and {@code NONE} to equal none, and the {@code CONTAINS} operators look for the values
     * inside it. On the labels (a set), {@code IS} asks the set to be exactly the values, {@code IS NOT} the
     * opposite, {@code ANY} and {@code CONTAINS} one of them among the labels, {@code CONTAINS_ALL} all of them,
     * {@code NONE} and {@code CONTAINS_NONE} none. With {@code useRegexp}, each value is a regular expression found
     * in (rather than equal to, or contained in) the source or a label. {@code ANY} without values, Rootly's
     * default, sets no condition.
     */
    public record Condition(String operator, List<String> values, Boolean useRegexp) {
        static final List<String> OPERATORS =
                List.of("IS", "IS NOT", "ANY", "CONTAINS", "CONTAINS_ALL", "CONTAINS_NONE", "NONE", "SET", "UNSET");
        static final Condition UNSET_ANY = new Condition("ANY", List.of(), false);

        public Condition {
            operator = operator == null ? "ANY" : operator;
            values = values == null ? List.of() : List.copyOf(values);
            useRegexp = useRegexp != null && useRegexp;
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException(
                        "pulse condition operator '" + operator + "' is not one of " + String.join(", ", OPERATORS));
            }
            boolean takesValues = !operator.equals("SET") && !operator.equals("UNSET");
            if (!takesValues && !values.isEmpty()) {
                throw new IllegalArgumentException("pulse condition " + operator + " takes no values");
            }
            if (takesValues && values.isEmpty() && !operator.equals("ANY")) {
                throw new IllegalArgumentException("pulse condition " + operator + " needs at least one value");
            }
            if (useRegexp) {
                for (String v : values) {
                    try {
                        java.util.regex.Pattern.compile(v);
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new IllegalArgumentException(
                                "pulse condition value '" + v + "' is not a regular expression: " + e.getDescription());
                    }
                }
            }
        }

        /** Whether it constrains anything; Rootly's default, ANY without values, does not. */
        boolean isSet() {
            return !(operator.equals("ANY") && values.isEmpty());
        }

        private boolean equal(String value, String actual) {
            return useRegexp
                    ? java.util.regex.Pattern.compile(value).matcher(actual).find()
                    : value.equals(actual);
        }

        private boolean within(String value, String actual) {
            return useRegexp ? equal(value, actual) : actual.contains(value);
        }

        boolean testSource(String source) {
            boolean present = source != null && !source.isEmpty();
            return switch (operator) {
                case "SET" -> present;
                case "UNSET" -> !present;
                case "IS", "ANY" -> source != null && values.stream().anyMatch(v -> equal(v, source));
                case "IS NOT", "NONE" -> source == null || values.stream().noneMatch(v -> equal(v, source));
                case "CONTAINS" -> source != null && values.stream().anyMatch(v -> within(v, source));
                case "CONTAINS_ALL" -> source != null && values.stream().allMatch(v -> within(v, source));
                default -> source == null || values.stream().noneMatch(v -> within(v, source)); // CONTAINS_NONE
            };
        }

        boolean testLabels(List<String> labels) {
            java.util.function.Predicate<String> among = v -> labels.stream().anyMatch(l -> equal(v, l));
            boolean exactly = !labels.isEmpty()
                    && values.stream().allMatch(among)
                    && labels.stream().allMatch(l -> values.stream().anyMatch(v -> equal(v, l)));
            return switch (operator) {
                case "SET" -> !labels.isEmpty();
                case "UNSET" -> labels.isEmpty();
                case "IS" -> exactly;
                case "IS NOT" -> !exactly;
                case "ANY", "CONTAINS" -> values.stream().anyMatch(among);
                case "CONTAINS_ALL" -> values.stream().allMatch(among);
                default -> values.stream().noneMatch(among); // NONE, CONTAINS_NONE
            };
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
        private WebhookSpec webhook;

        private Builder() {}

        /** Outgoing webhooks; see {@link WebhookSpec}. {@link RootlyEmulator.Builder#webhook} can give the secret. */
        public Builder webhook(WebhookSpec webhook) {
            this.webhook = webhook;
            return this;
        }

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
            return new Scenario(workflows, rateLimit, faults, seed, services, environments, webhook);
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

    /**
     * One workflow per outcome, three pulse workflows (one for every pulse whose source is not {@code quiet}, one
     * that fails for pulses labelled {@code env:production}, one disabled), two services and two environments, so
     * the demo and tests need no file.
     */
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
                .workflow(WorkflowSpec.builder("announce-pulse")
                        .name("Announce pulse")
                        .pulseSource("NONE", "quiet")
                        .startAfter(second)
                        .step("queued", second)
                        .step("started", second)
                        .then("completed")
                        .build())
                .workflow(WorkflowSpec.builder("smoke-test-production")
                        .name("Smoke test production")
                        .pulseLabel("CONTAINS", "env:production")
                        .startAfter(twoSeconds)
                        .step("queued", second)
                        .step("started", twoSeconds)
                        .then("failed", "Task 'Smoke test' failed: 2 of 40 checks failed")
                        .build())
                .workflow(WorkflowSpec.builder("disabled-pulse-workflow")
                        .name("Disabled pulse workflow")
                        .triggerType("pulse")
                        .enabled(false)
                        .then("completed")
                        .build())
                .build();
    }
}
