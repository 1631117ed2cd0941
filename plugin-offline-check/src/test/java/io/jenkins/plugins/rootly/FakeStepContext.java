package io.jenkins.plugins.rootly;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A StepContext for glue tests. Like Jenkins' own, it serialises with the execution and finds its live build again
 * afterwards: here through a registry keyed by id, standing in for the Pipeline's pickles.
 */
final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Live> LIVE = new ConcurrentHashMap<>();

    /** The build as a test sees it: log, result, saves, and how the step ended. */
    static final class Live {
        final FakeRun run = new FakeRun();
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        /** Replaceable, so a test can give the build a log that misbehaves. */
        volatile PrintStream logger = new PrintStream(log, true, StandardCharsets.UTF_8);

        final EnvVars env =
                new EnvVars(Map.of("JOB_NAME", "team/deploy", "BUILD_NUMBER", "42", "GIT_COMMIT", "abc123"));
        final CompletableFuture<Object> ended = new CompletableFuture<>();
        final AtomicInteger saves = new AtomicInteger();
        volatile Result result;

        String log() {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    private final String id = UUID.randomUUID().toString();

    FakeStepContext() {
        LIVE.put(id, new Live());
    }

    Live live() {
        return LIVE.get(id);
    }

    @Override
    public <T> T get(Class<T> key) {
        Live live = live();
        if (key == Run.class) {
            return key.cast(live.run);
        }
        if (key == TaskListener.class) {
            return key.cast((TaskListener) () -> live.logger);
        }
        if (key == EnvVars.class) {
            return key.cast(live.env);
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        live().ended.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        live().ended.completeExceptionally(t);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        live().saves.incrementAndGet();
        return Futures.immediateVoidFuture();
    }

    @Override
    public void setResult(Result r) {
        live().result = r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeStepContext other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** A job for the fake build, inside a folder. */
    static final class FakeJob extends Job<FakeJob, FakeRun> {
        @Override
        public String getFullName() {
            return "team/deploy";
        }
    }

    /** A build: the stand-in's Run keeps actions and the result in memory; it is build 42 of team/deploy. */
    static final class FakeRun extends Run<FakeJob, FakeRun> {
        @Override
        public FakeJob getParent() {
            return new FakeJob();
        }

        @Override
        public int getNumber() {
            return 42;
        }

        @Override
        public String getUrl() {
            return "job/team/job/deploy/42/";
        }
    }
}
