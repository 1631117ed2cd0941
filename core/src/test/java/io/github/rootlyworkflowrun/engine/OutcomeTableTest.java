package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the outcome table in docs/contract.md, produced over real HTTP. */
class OutcomeTableTest extends EngineTestBase {

    @Test
    void createdWhenNotWaiting() {
        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.run().id()).isEqualTo("run-1");
        assertThat(result.fields())
                .containsEntry("outcome", "CREATED")
                .containsEntry("run_id", "run-1")
                .containsEntry("status", "queued")
                .containsEntry("workflow_name", "Into the Wild")
                .containsEntry("kind", "incident")
                .containsEntry("api_requests", 1);
        assertThat(result.fields().keySet())
                .containsExactly(
                        "outcome",
                        "run_id",
                        "status",
                        "status_message",
                        "workflow_id",
                        "workflow_name",
                        "kind",
                        "incident_id",
                        "post_mortem_id",
                        "action_item_id",
                        "alert_id",
                        "pulse_id",
                        "created_at",
                        "started_at",
                        "completed_at",
                        "failed_at",
                        "canceled_at",
                        "elapsed_seconds",
                        "api_requests");
        assertThat(rootly.count("GET", "")).isZero();
        assertThat(Outcome.CREATED.exitCode(CompletedWithErrorsPolicy.UNSTABLE)).isZero();
    }

    @Test
    void succeededWhenRunCompletes() {
        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.run().status()).isEqualTo("completed");
        assertThat(result.message()).contains("run-1").contains("ended completed");
        assertThat(eventsOf(ProgressEvent.StatusChanged.class))
                .extracting(ProgressEvent.StatusChanged::status)
                .containsExactly("started", "completed");
        assertThat(result.apiRequests()).isEqualTo(3);
        assertThat(Outcome.SUCCEEDED.buildResult(CompletedWithErrorsPolicy.FAILURE))
                .isEqualTo(BuildResult.SUCCESS);
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,0,SUCCESS", "UNSTABLE,6,UNSTABLE", "FAILURE,1,FAILURE"})
    void completedWithErrorsFollowsPolicy(String policy, int exit, String build) {
        rootly.nextRunGoesThrough("queued", "started", "completed_with_errors");

        RunResult result =
                run(spec().waitForCompletion(true).completedWithErrors(policy).build());

        CompletedWithErrorsPolicy p = CompletedWithErrorsPolicy.valueOf(policy);
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED_WITH_ERRORS);
        assertThat(result.outcome().exitCode(p)).isEqualTo(exit);
        assertThat(result.outcome().buildResult(p)).isEqualTo(BuildResult.valueOf(build));
        assertThat(result.message()).contains("Some tasks failed");
    }

    @Test
    void failedCarriesStatusMessage() {
        rootly.nextRunGoesThrough("queued", "failed");
        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE))
                .isEqualTo(1);
        assertThat(result.fields()).containsEntry("status", "failed").containsKey("failed_at");
        assertThat(result.message()).contains("ended failed").contains("failing task");
    }

    @Test
    void canceled() {
        rootly.nextRunGoesThrough("queued", "started", "canceled");
        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.CANCELED);
        assertThat(result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE))
                .isEqualTo(3);
        assertThat(result.outcome().buildResult(CompletedWithErrorsPolicy.SUCCESS))
                .isEqualTo(BuildResult.FAILURE);
    }

    @Test
    void timedOutWhileQueuedSaysTheRunGoesOn() {
        rootly.nextRunGoesThrough("queued");
        RunResult result = run(
                spec().waitForCompletion(true).timeout("2m").pollInterval("10s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE))
                .isEqualTo(4);
        assertThat(result.message())
                .contains("still queued")
                .contains("2m timeout")
                .contains("goes on in Rootly");
        // Reported when the last check, made just before the deadline, finds the run still queued.
        assertThat(result.elapsed())
                .isBetween(Duration.ofMinutes(2).minus(WaitGroup.LAST_CHECK), Duration.ofMinutes(2));
        // 120 s at 10 s intervals after a 1 s first poll: at most T/P + 3 list requests.
        assertThat(rootly.count("GET", "workflow_runs")).isLessThanOrEqualTo(120 / 10 + 3);
    }

    @Test
    void usageErrorIsRaisedBeforeAnyRequest() {
        assertThatThrownBy(() -> spec().target(io.github.rootlyworkflowrun.api.Target.Kind.INCIDENT, "i-1")
                        .target(io.github.rootlyworkflowrun.api.Target.Kind.ALERT, "a-1")
                        .build())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("alertId")
                .hasMessageContaining("at most one target");
        RunResult result = RunResult.usageError("timeout: '5x' is not a duration");

        assertThat(result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE))
                .isEqualTo(2);
        assertThat(result.outcome().buildResult(CompletedWithErrorsPolicy.SUCCESS))
                .isEqualTo(BuildResult.FAILURE);
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "401,Invalid token,check the API token in ROOTLY_API_TOKEN",
        "403,Unauthorized Action,use a token whose role may run workflows",
        "404,Not found or unauthorized,check the workflow id or slug",
        "415,Unsupported Media Type,report this as a bug",
        "422,Incident conditions are not satisfied,did not create the run"
    })
    void rejectedWithRootlysOwnWords(int status, String title, String advice) {
        rootly.onPost(json(status, ApiJson.errors(title, status)));

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE))
                .isEqualTo(5);
        assertThat(result.message())
                .contains("HTTP " + status + " " + title)
                .contains(advice)
                .contains("POST " + server.url("/v1/workflows/" + ApiJson.WORKFLOW_ID + "/workflow_runs"));
        assertThat(rootly.count("POST", "")).as("4xx is never retried").isEqualTo(1);
    }

    @Test
    void aRedirectedCreateIsRejectedWithTheAddressToUseAndNotResentAsAGet() {
        rootly.onPost(new mockwebserver3.MockResponse.Builder()
                .code(308)
                .setHeader("Location", "https://api.rootly.com/v1/workflows/" + ApiJson.WORKFLOW_ID + "/workflow_runs")
                .build());

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("HTTP 308")
                .contains("use https://api.rootly.com as the API URL")
                .contains("Check the API URL");
        assertThat(server.getRequestCount()).as("nothing followed the redirect").isEqualTo(1);
    }
}
