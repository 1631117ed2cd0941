package io.github.rootlyworkflowrun.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CiContextTest {
    @Test
    void githubActions() {
        Map<String, Object> ci = CiContext.detect(Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_REPOSITORY", "acme/api",
                "GITHUB_RUN_ID", "77",
                "GITHUB_RUN_NUMBER", "12",
                "GITHUB_WORKFLOW", "deploy",
                "GITHUB_JOB", "prod",
                "GITHUB_SHA", "abc",
                "GITHUB_REF", "refs/heads/main"));

        assertThat(ci)
                .containsExactly(
                        Map.entry("provider", "github-actions"),
                        Map.entry("build_url", "https://github.com/acme/api/actions/runs/77"),
                        Map.entry("job", "deploy/prod"),
                        Map.entry("build_number", "12"),
                        Map.entry("commit", "abc"),
                        Map.entry("ref", "refs/heads/main"));
    }

    @Test
    void gitlabJenkinsCircleBuildkiteAndPlain() {
        assertThat(CiContext.detect(Map.of("GITLAB_CI", "true", "CI_JOB_URL", "u", "CI_COMMIT_SHA", "c")))
                .containsEntry("provider", "gitlab")
                .containsEntry("build_url", "u")
                .containsEntry("commit", "c");
        assertThat(CiContext.detect(
                        Map.of("JENKINS_URL", "j", "BUILD_URL", "b", "JOB_NAME", "n", "BRANCH_NAME", "main")))
                .containsEntry("provider", "jenkins")
                .containsEntry("job", "n")
                .containsEntry("ref", "main");
        assertThat(CiContext.detect(Map.of("CIRCLECI", "true", "CIRCLE_JOB", "deploy", "CIRCLE_SHA1", "s")))
                .containsEntry("provider", "circleci")
                .containsEntry("job", "deploy")
                .containsEntry("commit", "s");
        assertThat(CiContext.detect(Map.of("BUILDKITE", "true", "BUILDKITE_BUILD_URL", "bk", "BUILDKITE_BRANCH", "b")))
                .containsEntry("provider", "buildkite")
                .containsEntry("ref", "b");
        assertThat(CiContext.detect(Map.of("CI", "1"))).containsExactly(Map.entry("provider", "ci"));
        assertThat(CiContext.detect(Map.of())).containsExactly(Map.entry("provider", "local"));
    }

    @Test
    void pulseRefsAndSourceComeFromTheSameFacts() {
        Map<String, String> jenkins = Map.of(
                "JENKINS_URL",
                "https://ci/",
                "BUILD_URL",
                "https://ci/job/api/7/",
                "GIT_COMMIT",
                "abc",
                "GIT_BRANCH",
                "origin/main");

        assertThat(CiContext.pulseRefs(jenkins))
                .containsExactly(
                        Map.entry("commit_sha", "abc"),
                        Map.entry("build_url", "https://ci/job/api/7/"),
                        Map.entry("ref", "origin/main"));
        assertThat(CiContext.pulseSource(jenkins)).isEqualTo("jenkins");
        assertThat(CiContext.pulseSource(Map.of("GITHUB_ACTIONS", "true"))).isEqualTo("github-actions");
        assertThat(CiContext.pulseRefs(Map.of("GITLAB_CI", "true", "CI_COMMIT_SHA", "c")))
                .containsExactly(Map.entry("commit_sha", "c"));
        assertThat(CiContext.pulseSource(Map.of("CI", "true"))).isEqualTo("rootly-workflow-run");
        assertThat(CiContext.pulseSource(Map.of())).isEqualTo("rootly-workflow-run");
        assertThat(CiContext.pulseRefs(Map.of())).isEmpty();
    }
}
