package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.WaitTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code rootlyWorkflowRun}: creates a Rootly workflow run and, with {@code wait: true}, waits for it without holding
 * an executor or a thread, across controller restarts. Returns a plain map of the run's fields.
 */
public final class RootlyWorkflowRunStep extends RootlyRunSettings {
    private Map<String, Object> context;

    @DataBoundConstructor
    public RootlyWorkflowRunStep(String workflow) {
        super(workflow);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    @Override
    Map<String, ?> contextMap() {
        return context;
    }

    public Map<String, Object> getContext() {
        return context;
    }

    /** The run's context; in Pipeline a map such as {@code [service: 'api', version: env.GIT_COMMIT]}. */
    @DataBoundSetter
    public void setContext(Map<String, Object> context) {
        this.context = context == null || context.isEmpty() ? null : new LinkedHashMap<>(context);
    }

    /**
     * Creates the run, then (when waiting) lets the engine poll it on Jenkins' shared timer. Nothing blocks: {@link
     * #start()} returns at once, and everything needed to find the run again is persisted, so {@link #onResume()}
     * picks up the same run after a restart, even one that came while the create was in flight.
     */
    public static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L; // unchanged: new fields read as null from an older save

        /** The step as written; only needed by start(), so not persisted. */
        private final transient RootlyWorkflowRunStep step;

        // Persisted with the Pipeline: what is needed to go on waiting after a controller restart.
        private String credentialsId;
        private String apiUrl;
        private String workflow;
        private CompletedWithErrorsPolicy policy = RunSpec.DEFAULT_COMPLETED_WITH_ERRORS;
        private boolean waitForCompletion;
        private String requestId;
        private Instant startedAt;
        private Duration timeout;
        private Duration pollInterval;
        private WaitTicket ticket;
        private volatile String lastStatus;

        // Live only: the token (never persisted) and the engine's pending future.
        private transient volatile String token;
        private transient volatile CompletableFuture<RunResult> pending;

        Execution(RootlyWorkflowRunStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            RootlyServices services = RootlyServices.get();
            StepStart<RunSpec> begun = StepStart.of(
                    getContext(), step, (defaults, key, id, ci) -> step.toSpec(defaults, key, id, null, ci));
            credentialsId = begun.credentialsId();
            apiUrl = begun.apiUrl();
            token = begun.token();
            RunSpec spec = begun.spec();
            workflow = spec.workflow();
            policy = spec.completedWithErrors();
            waitForCompletion = spec.waitForCompletion();
            requestId = spec.requestId();
            timeout = spec.timeout();
            pollInterval = spec.pollInterval();
            startedAt = services.clock().instant();
            BuildLog log = new BuildLog(listener);
            log.println("Starting workflow '" + spec.workflow() + "' at " + spec.apiUrl()
                    + (waitForCompletion ? " and waiting up to " + Durations.format(spec.timeout()) : ""));
            if (waitForCompletion && begun.defaults().webhooksOn()) {
                log.println(begun.defaults().webhookNote());
            }
            CompletableFuture<RunResult> created = services.engine().create(spec, log);
            pending = created;
            created.whenComplete(this::onCreated);
            return false;
        }

        private void onCreated(RunResult result, Throwable error) {
            if (error != null) {
                BuildOutcome.failUnlessCancelled(getContext(), error);
                return;
            }
            if (result.outcome() != Outcome.CREATED) {
                finish(result, null);
                return;
            }
            ticket = result.ticket();
            lastStatus = result.run().status();
            try {
                RootlyRunAction.record(getContext().get(Run.class), new RunRecord(result));
                getContext().saveState(); // the run id is now known: persist it before waiting
            } catch (Throwable e) {
                getContext().onFailure(BuildOutcome.unexpected(e));
                return;
            }
            if (waitForCompletion) {
                awaitRun();
            } else {
                finish(result, null);
            }
        }

        private void awaitRun() {
            try {
                TaskListener listener = getContext().get(TaskListener.class);
                BuildLog log = new BuildLog(listener);
                CompletableFuture<RunResult> waiting = RootlyServices.get()
                        .engine()
                        .await(ticket, ApiToken.of(token), event -> {
                            log.on(event);
                            if (event instanceof ProgressEvent.StatusChanged s) {
                                lastStatus = s.status();
                            }
                        });
                pending = waiting;
                waiting.whenComplete(this::finish);
            } catch (Throwable e) {
                getContext().onFailure(BuildOutcome.unexpected(e));
            }
        }

        private void finish(RunResult result, Throwable error) {
            if (error != null) {
                BuildOutcome.failUnlessCancelled(getContext(), error);
                return;
            }
            try {
                RootlyRunAction.record(getContext().get(Run.class), new RunRecord(result));
                BuildOutcome.endStep(getContext(), result.outcome(), result.message(), policy, result.fields());
            } catch (Throwable e) {
                // This runs on the engine's thread, where whenComplete would drop it and leave the step hanging.
                getContext().onFailure(BuildOutcome.unexpected(e));
            }
        }

        /**
         * After a controller restart: poll the same run again from the persisted ticket or, when the restart came
         * during the create, find the run by its request id first (as the engine reconciles an ambiguous create).
         */
        @Override
        public void onResume() {
            if (ticket == null && (requestId == null || workflow == null)) {
                getContext()
                        .onFailure(new AbortException(BuildLog.PREFIX + "Jenkins restarted while the workflow run was"
                                + " being created, and without CI context there is no request id to find it by, so whether it was"
                                + " created is unknown."
                                + (requestId == null ? "" : " Look for context.ci.request_id " + requestId + ".")
                                + " Check the workflow's runs in Rootly before running the step again."));
                return;
            }
            try {
                Run<?, ?> run = getContext().get(Run.class);
                RootlyServices services = RootlyServices.get();
                token = services.token(run, credentialsId, apiUrl);
                BuildLog log = new BuildLog(getContext().get(TaskListener.class));
                if (ticket != null) {
                    log.println("Resuming the wait for run " + ticket.runId() + " after a restart");
                    awaitRun();
                    return;
                }
                log.println("Jenkins restarted during the create; looking for the run with request id " + requestId);
                RunSpec spec = RunSpec.builder()
                        .apiUrl(apiUrl)
                        .token(token, "credentials '" + credentialsId + "'")
                        .workflow(workflow)
                        .ciContext(Map.of())
                        .requestId(requestId)
                        .waitForCompletion(waitForCompletion)
                        .timeout(Durations.format(timeout))
                        .pollInterval(Durations.format(pollInterval))
                        .build();
                CompletableFuture<RunResult> adopted = services.engine().adopt(spec, startedAt, log);
                pending = adopted;
                adopted.whenComplete(this::onCreated);
            } catch (Exception e) {
                getContext().onFailure(e);
            }
        }

        /** Build aborted: stop waiting and record it. Rootly has no cancel API, so the run itself goes on. */
        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            CompletableFuture<RunResult> p = pending;
            if (p != null) {
                p.cancel(false);
            }
            try {
                if (ticket != null) {
                    RootlyRunAction.recordAbort(getContext().get(Run.class), ticket.runId(), lastStatus);
                }
                new BuildLog(getContext().get(TaskListener.class))
                        .println(
                                ticket == null
                                        ? "Stopped before the run was created"
                                        : "Stopped waiting for run " + ticket.runId()
                                                + "; it goes on in Rootly, which has no cancel API");
            } catch (Exception buildUnavailable) {
                // The build may be gone while it is being torn down; the abort still goes through.
            }
            super.stop(cause);
        }

        @Override
        public String getStatus() {
            return ticket == null
                    ? "creating a Rootly workflow run"
                    : "waiting for Rootly workflow run " + ticket.runId() + " (" + lastStatus + ")";
        }

        WaitTicket ticket() {
            return ticket;
        }
    }

    /** The {@code rootlyWorkflowRun} step's descriptor: its name and the workflow's form check. */
    @Extension
    public static final class DescriptorImpl extends RootlyStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rootlyWorkflowRun";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a Rootly workflow";
        }

        @POST
        public FormValidation doCheckWorkflow(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.workflow(value) : FormValidation.ok();
        }
    }
}
