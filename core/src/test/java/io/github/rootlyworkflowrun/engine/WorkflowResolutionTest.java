package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slugs and names resolve to exactly one workflow or to an error that names the candidates. */
class WorkflowResolutionTest extends EngineTestBase {
    private static final String ID = "d1f9a1c9-ec79-4ef6-b744-af411f6edc7e";

    @Test
    void uuidIsUsedWithoutALookup() {
        run(spec().workflow(ID).build());

        assertThat(rootly.seen()).singleElement().satisfies(s -> assertThat(s.path())
                .isEqualTo("/v1/workflows/" + ID + "/workflow_runs"));
    }

    @Test
    void slugResolvesByExactMatchAmongLooseResults() {
        rootly.onWorkflowLookup(json(
                200,
                ApiJson.list(
                        List.of(
                                ApiJson.workflowData("other", "deploy-notify-old", "Deploy notify (old)"),
                                ApiJson.workflowData(ID, "deploy-notify", "Deploy notify")),
                        1,
                        1)));

        RunResult result = run(spec().workflow("deploy-notify").build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rootly.seen().get(0).query()).containsEntry("filter[slug]", "deploy-notify");
        assertThat(rootly.seen().get(1).path()).isEqualTo("/v1/workflows/" + ID + "/workflow_runs");
        assertThat(eventsOf(ProgressEvent.WorkflowResolved.class))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.describe()).contains("Deploy notify").contains(ID));
    }

    @Test
    void exactNameIsTriedWhenNoSlugMatches() {
        rootly.onWorkflowLookup(json(200, ApiJson.list(List.of(), 1, 1)));
        rootly.onWorkflowLookup(
                json(200, ApiJson.list(List.of(ApiJson.workflowData(ID, "deploy-notify", "Deploy notify")), 1, 1)));

        RunResult result = run(spec().workflow("Deploy notify").build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rootly.seen().get(1).query()).containsEntry("filter[name]", "Deploy notify");
    }

    @Test
    void noMatchNamesTheSimilarWorkflowsAndSendsNoCreate() {
        rootly.onWorkflowLookup(json(
                200, ApiJson.list(List.of(ApiJson.workflowData("a", "deploy-notify-2", "Deploy notify 2")), 1, 1)));
        rootly.onWorkflowLookup(json(200, ApiJson.list(List.of(), 1, 1)));

        RunResult result = run(spec().workflow("deploy-notify").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("No workflow has the slug or name 'deploy-notify'")
                .contains("'Deploy notify 2' (slug deploy-notify-2, id a)");
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void severalExactNamesAreAnErrorNamingEachCandidate() {
        rootly.onWorkflowLookup(json(200, ApiJson.list(List.of(), 1, 1)));
        rootly.onWorkflowLookup(json(
                200,
                ApiJson.list(
                        List.of(
                                ApiJson.workflowData("a", "notify-a", "Notify"),
                                ApiJson.workflowData("b", "notify-b", "Notify")),
                        1,
                        1)));

        RunResult result = run(spec().workflow("Notify").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("matches 2 workflows")
                .contains("slug notify-a, id a")
                .contains("slug notify-b, id b");
        assertThat(rootly.count("POST", "")).isZero();
    }
}
