package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.ProgressListener;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.PulseTicket;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code rootlyPulse}: records a deploy as a Rootly pulse and, with {@code waitForTriggered: true}, finds the workflow
 * runs the pulse triggered and waits for them without holding an executor or a thread, across controller restarts.
 * Returns a plain map of the pulse's fields, its runs a list of plain maps.
 */
public final class RootlyPulseStep extends RootlyStepSettings {
    /** The source Rootly shows when the step names none. */
    static final String DEFAULT_SOURCE = "jenkins";

    private final String summary;
    private String source;
    private List<String> services;
    private List<String> environments;
    private Map<String, String> labels;
    private Map<String, String> refs;
    private Map<String, Object> data;
    private String externalUrl;
    private String startedAt;
    private String endedAt;
    private Boolean waitForTriggered;
    private String settle;

    @DataBoundConstructor
    public RootlyPulseStep(String summary) {
        this.summary = unsetIfBlank(summary);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /** Builds the core spec; step values win over the global defaults, which win over the contract's defaults. */
    PulseSpec toSpec(RootlyServices.Defaults defaults, String token, String credentialsId, Map<String, ?> ciRefs) {
        return PulseSpec.builder()
                .apiUrl(effectiveApiUrl(defaults))
                .token(token, "credentials '" + credentialsId + "'")
                .summary(summary)
                .source(source == null ? DEFAULT_SOURCE : source)
                .services(services)
                .environments(environments)
                .labels(labels)
                .refs(refs)
                .ciRefs(isIncludeCiContext() ? ciRefs : null)
                .externalUrl(externalUrl)
                .startedAt(startedAt)
                .endedAt(endedAt)
                .data(data)
                .waitForTriggered(isWaitForTriggered())
                .settle(settle)
                .timeout(effectiveTimeout(defaults))
                .pollInterval(effectivePollInterval(defaults))
                .completedWithErrors(getCompletedWithErrors())
                .build();
    }

    /**
     * Groovy hands over GStrings where a script interpolates ({@code "v${n}"}), whatever the declared element type;
     * texts are made Strings here so core reads what the script meant. Anything else is kept for core to refuse
     * with a one-line message.
     */
    private static List<String> texts(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<String> copy = new ArrayList<>();
        for (Object v : (List<?>) values) { // not List<String>: its elements may be GStrings
            copy.add(v == null ? null : v.toString());
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> keyedByText(Map<String, V> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>) values)
                .forEach((k, v) -> copy.put(String.valueOf(k), v instanceof CharSequence cs ? cs.toString() : v));
        return (Map<String, V>) copy;
    }

    public String getSummary() {
        return summary;
    }

    /** Default {@value #DEFAULT_SOURCE}. */
    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = unsetIfBlank(source);
    }

    public List<String> getServices() {
        return services;
    }

    /** Services by id, slug or exact name; in Pipeline a list such as {@code ['checkout', 'payments']}. */
    @DataBoundSetter
    public void setServices(List<String> services) {
        this.services = texts(services);
    }

    public List<String> getEnvironments() {
        return environments;
    }

    /** Environments by id, slug or exact name; in Pipeline a list such as {@code ['production']}. */
    @DataBoundSetter
    public void setEnvironments(List<String> environments) {
        this.environments = texts(environments);
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    /** The pulse's labels; in Pipeline a map such as {@code [version: '1.4.2']}. */
    @DataBoundSetter
    public void setLabels(Map<String, String> labels) {
        this.labels = keyedByText(labels);
    }

    public Map<String, String> getRefs() {
        return refs;
    }

    /** The pulse's refs, added to the build's own; in Pipeline a map such as {@code [tag: 'v1.4.2']}. */
    @DataBoundSetter
    public void setRefs(Map<String, String> refs) {
        this.refs = keyedByText(refs);
    }

    public Map<String, Object> getData() {
        return data;
    }

    /** The pulse's additional data; in Pipeline a map of strings, numbers, booleans, lists and maps. */
    @DataBoundSetter
    public void setData(Map<String, Object> data) {
        this.data = keyedByText(data);
    }

    public String getExternalUrl() {
        return externalUrl;
    }

    @DataBoundSetter
    public void setExternalUrl(String externalUrl) {
        this.externalUrl = unsetIfBlank(externalUrl);
    }

    public String getStartedAt() {
        return startedAt;
    }

    @DataBoundSetter
    public void setStartedAt(String startedAt) {
        this.startedAt = unsetIfBlank(startedAt);
    }

    public String getEndedAt() {
        return endedAt;
    }

    @DataBoundSetter
    public void setEndedAt(String endedAt) {
        this.endedAt = unsetIfBlank(endedAt);
    }

    public boolean isWaitForTriggered() {
        return waitForTriggered != null && waitForTriggered;
    }

    @DataBoundSetter
    public void setWaitForTriggered(boolean waitForTriggered) {
        this.waitForTriggered = waitForTriggered;
    }

    public String getSettle() {
        return settle;
    }

    @DataBoundSetter
    public void setSettle(String settle) {
        this.settle = unsetIfBlank(settle);
    }

    /**
     * Creates the pulse, then (when waiting) lets the engine find its runs and poll them on Jenkins' shared timer.
     * Nothing blocks: {@link #start()} returns at once. The request id is persisted before the create and the pulse's
     * ticket after it, so {@link #onResume()} adopts the pulse (found by its {@code request_id} ref) when a restart
     * came during the create, and otherwise goes on looking for and waiting on the same pulse's runs.
     */
    public static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;

        /** The step as written; only needed by start(), so not persisted. */
        private final transient RootlyPulseStep step;

        // Persisted with the Pipeline: what is needed to find the pulse again, or go on waiting, after a restart.
        private String credentialsId;
        private String apiUrl;
        private String summary;
        private String source;
        private String externalUrl;
        private String requestId;
        private Instant startedAt;
        private boolean waitForTriggered;
        private Duration settle;
        private Duration timeout;
        private Duration pollInterval;
        private CompletedWithErrorsPolicy policy = RunSpec.DEFAULT_COMPLETED_WITH_ERRORS;
        private PulseTicket ticket;

        // Live only: the token (never persisted), the engine's pending future, and what the log has told so far.
        private transient volatile String token;
        private transient volatile CompletableFuture<PulseResult> pending;
        private transient Map<String, String> lastStatus;

        Execution(RootlyPulseStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            StepStart<PulseSpec> begun = StepStart.of(
                    getContext(),
                    step,
                    (defaults, key, id, ci) -> step.toSpec(defaults, key, id, BuildCiContext.pulseRefs(ci)));
            credentialsId = begun.credentialsId();
            apiUrl = begun.apiUrl();
            token = begun.token();
            PulseSpec spec = begun.spec();
            RootlyServices services = RootlyServices.get();
            summary = spec.summary();
            source = spec.source();
            externalUrl = spec.externalUrl();
            requestId = spec.requestId();
            waitForTriggered = spec.waitForTriggered();
            settle = spec.settle();
            timeout = spec.timeout();
            pollInterval = spec.pollInterval();
            policy = spec.completedWithErrors();
            startedAt = services.clock().instant();
            log().println("Recording pulse '" + summary + "' at " + spec.apiUrl()
                    + (waitForTriggered
                            ? " and waiting up to " + Durations.format(timeout) + " for the workflow runs it triggers"
                            : ""));
            if (waitForTriggered && begun.defaults().webhooksOn()) {
                log().println(begun.defaults().webhookNote());
            }
            follow(services.engine().createPulse(spec, events()), this::onCreated);
            return false;
        }

        private void onCreated(PulseResult result) throws Exception {
            if (result.outcome() != Outcome.CREATED) {
                finish(result);
                return;
            }
            ticket = result.ticket();
            RootlyPulseAction.record(
                    getContext().get(Run.class), PulseRecord.of(result.fields(), externalUrl, result.message()));
            getContext().saveState(); // the pulse id is now known: persist it before looking for its runs
            if (waitForTriggered) {
                awaitTriggered();
            } else {
                finish(result);
            }
        }

        private void awaitTriggered() {
            try {
                follow(
                        RootlyServices.get().engine().awaitTriggered(ticket, ApiToken.of(token), events()),
                        this::finish);
            } catch (Throwable e) {
                getContext().onFailure(BuildOutcome.unexpected(e));
            }
        }

        private void finish(PulseResult result) throws Exception {
            RootlyPulseAction.record(
                    getContext().get(Run.class), PulseRecord.of(result.fields(), externalUrl, result.message()));
            BuildOutcome.endStep(getContext(), result.outcome(), result.message(), policy, result.fields());
        }

        /** What to do once the engine's future ends; this runs on the engine's thread, where nothing may escape. */
        private interface Then {
            void accept(PulseResult result) throws Exception;
        }

        private void follow(CompletableFuture<PulseResult> future, Then then) {
            pending = future;
            future.whenComplete((result, error) -> {
                if (error != null) {
                    BuildOutcome.failUnlessCancelled(getContext(), error);
                    return;
                }
                try {
                    then.accept(result);
                } catch (Throwable e) {
                    // whenComplete would drop it and leave the step hanging.
                    getContext().onFailure(BuildOutcome.unexpected(e));
                }
            });
        }

        /** The engine's progress: into the log, and each run found onto the build page as soon as it is known. */
        private ProgressListener events() throws Exception {
            BuildLog log = log();
            Run<?, ?> build = getContext().get(Run.class);
            Map<String, String> statuses = new ConcurrentHashMap<>();
            lastStatus = statuses;
            return event -> {
                log.on(event);
                if (event instanceof ProgressEvent.StatusChanged s) {
                    statuses.put(s.runId(), s.status());
                } else if (event instanceof ProgressEvent.TriggeredRunFound found && ticket != null) {
                    WorkflowRun r = found.run();
                    if (r.status() != null) {
                        statuses.put(r.id(), r.status());
                    }
                    try {
                        RootlyPulseAction.recordRun(build, ticket.pulseId(), RunRecord.found(r));
                    } catch (Exception e) {
                        // The build page is told again when the wait ends; the wait itself goes on.
                    }
                }
            };
        }

        private BuildLog log() throws Exception {
            return new BuildLog(getContext().get(TaskListener.class));
        }

        /**
         * After a controller restart: look for and wait on the same pulse's runs from the persisted ticket or, when
         * the restart came during the create, find the pulse by its request id first (as an ambiguous create is
         * reconciled). Runs found before the restart are found again.
         */
        @Override
        public void onResume() {
            if (ticket == null && requestId == null) {
                getContext()
                        .onFailure(new AbortException(BuildLog.PREFIX + "Jenkins restarted before the pulse was"
                                + " recorded; run the step again."));
                return;
            }
            try {
                token = RootlyServices.get().token(getContext().get(Run.class), credentialsId, apiUrl);
                if (ticket != null) {
                    log().println("Resuming the wait for the runs of pulse " + ticket.pulseId() + " after a restart");
                    awaitTriggered();
                    return;
                }
                log().println("Jenkins restarted during the create; looking for the pulse with ref request_id="
                        + requestId);
                PulseSpec spec = PulseSpec.builder()
                        .apiUrl(apiUrl)
                        .token(token, "credentials '" + credentialsId + "'")
                        .summary(summary)
                        .source(source)
                        .externalUrl(externalUrl)
                        .requestId(requestId)
                        .waitForTriggered(waitForTriggered)
                        .settle(Durations.format(settle))
                        .timeout(Durations.format(timeout))
                        .pollInterval(Durations.format(pollInterval))
                        .completedWithErrors(policy.name())
                        .build();
                follow(RootlyServices.get().engine().adoptPulse(spec, startedAt, events()), this::onCreated);
            } catch (Exception e) {
                getContext().onFailure(e);
            }
        }

        /** Build aborted: stop looking and waiting. Rootly has no cancel API, so the pulse and its runs go on. */
        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            CompletableFuture<PulseResult> p = pending;
            if (p != null) {
                p.cancel(false);
            }
            try {
                if (ticket != null) {
                    RootlyPulseAction.recordAbort(
                            getContext().get(Run.class), ticket.pulseId(), lastStatus == null ? Map.of() : lastStatus);
                }
                log().println(
                                ticket == null
                                        ? "Stopped before Rootly confirmed the pulse; if it was created, it carries"
                                                + " ref request_id=" + requestId
                                        : "Stopped waiting for the runs of pulse " + ticket.pulseId()
                                                + "; the pulse and its runs go on in Rootly, which has no cancel API");
            } catch (Exception buildUnavailable) {
                // The build may be gone while it is being torn down; the abort still goes through.
            }
            super.stop(cause);
        }

        @Override
        public String getStatus() {
            return ticket == null
                    ? "recording a Rootly pulse"
                    : "waiting for the workflow runs of Rootly pulse " + ticket.pulseId();
        }

        PulseTicket ticket() {
            return ticket;
        }
    }

    /** The {@code rootlyPulse} step's descriptor: its name and the form checks of its own fields. */
    @Extension
    @Symbol("rootlyPulse")
    public static final class DescriptorImpl extends RootlyStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rootlyPulse";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Record a deploy as a Rootly pulse";
        }

        @POST
        public FormValidation doCheckSummary(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.summary(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckSettle(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.duration("settle", value) : FormValidation.ok();
        }
    }
}
