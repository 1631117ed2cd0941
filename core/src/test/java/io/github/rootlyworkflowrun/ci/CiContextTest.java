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
}
