package io.github.rootlyworkflowrun.ci;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the CI system's environment into the {@code context.ci} object sent with a run: provider, build URL,
 * job, build number, commit and ref. The request id is added by the run spec, not here.
 */
public final class CiContext {
    private CiContext() {}

    /** The CI facts found in {@code env}; absent values are left out rather than sent as null. */
    public static Map<String, Object> detect(Map<String, String> env) {
        Map<String, Object> ci = new LinkedHashMap<>();
        if ("true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"))) {
            ci.put("provider", "github-actions");
            String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
            if (env.get("GITHUB_REPOSITORY") != null && env.get("GITHUB_RUN_ID") != null) {
                ci.put(
                        "build_url",
                        server + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID"));
            }
            put(ci, "job", join(env.get("GITHUB_WORKFLOW"), env.get("GITHUB_JOB")));
            put(ci, "build_number", env.get("GITHUB_RUN_NUMBER"));
            put(ci, "commit", env.get("GITHUB_SHA"));
            put(ci, "ref", env.get("GITHUB_REF"));
        } else if ("true".equalsIgnoreCase(env.get("GITLAB_CI"))) {
            ci.put("provider", "gitlab");
            put(ci, "build_url", env.get("CI_JOB_URL"));
            put(ci, "job", join(env.get("CI_PROJECT_PATH"), env.get("CI_JOB_NAME")));
            put(ci, "build_number", env.get("CI_PIPELINE_IID"));
            put(ci, "commit", env.get("CI_COMMIT_SHA"));
            put(ci, "ref", env.get("CI_COMMIT_REF_NAME"));
        } else if (env.get("JENKINS_URL") != null || env.get("BUILD_URL") != null && env.get("JOB_NAME") != null) {
            ci.put("provider", "jenkins");
            put(ci, "build_url", env.get("BUILD_URL"));
            put(ci, "job", env.get("JOB_NAME"));
            put(ci, "build_number", env.get("BUILD_NUMBER"));
            put(ci, "commit", env.get("GIT_COMMIT"));
            put(ci, "ref", env.getOrDefault("GIT_BRANCH", env.get("BRANCH_NAME")));
        } else if ("true".equalsIgnoreCase(env.get("CIRCLECI"))) {
            ci.put("provider", "circleci");
            put(ci, "build_url", env.get("CIRCLE_BUILD_URL"));
            put(ci, "job", join(env.get("CIRCLE_PROJECT_REPONAME"), env.get("CIRCLE_JOB")));
            put(ci, "build_number", env.get("CIRCLE_BUILD_NUM"));
            put(ci, "commit", env.get("CIRCLE_SHA1"));
            put(ci, "ref", env.getOrDefault("CIRCLE_BRANCH", env.get("CIRCLE_TAG")));
        } else if ("true".equalsIgnoreCase(env.get("BUILDKITE"))) {
            ci.put("provider", "buildkite");
            put(ci, "build_url", env.get("BUILDKITE_BUILD_URL"));
            put(ci, "job", join(env.get("BUILDKITE_PIPELINE_SLUG"), env.get("BUILDKITE_LABEL")));
            put(ci, "build_number", env.get("BUILDKITE_BUILD_NUMBER"));
            put(ci, "commit", env.get("BUILDKITE_COMMIT"));
            put(ci, "ref", env.get("BUILDKITE_BRANCH"));
        } else {
            ci.put("provider", env.get("CI") != null ? "ci" : "local");
        }
        return ci;
    }

    /**
     * The refs a pulse carries by default, from the same CI facts: {@code commit_sha}, {@code build_url} and
     * {@code ref}, in that order, each only when known.
     */
    public static Map<String, String> pulseRefs(Map<String, String> env) {
        Map<String, Object> ci = detect(env);
        Map<String, String> refs = new LinkedHashMap<>();
        copy(ci, "commit", refs, "commit_sha");
        copy(ci, "build_url", refs, "build_url");
        copy(ci, "ref", refs, "ref");
        return refs;
    }

    /**
     * A pulse's default source: the CI provider's name ({@code jenkins}, {@code github-actions}, {@code gitlab},
     * {@code circleci}, {@code buildkite}), else {@code rootly-workflow-run}.
     */
    public static String pulseSource(Map<String, String> env) {
        Object provider = detect(env).get("provider");
        return provider instanceof String p && !p.equals("ci") && !p.equals("local")
                ? p
                : io.github.rootlyworkflowrun.engine.PulseSpec.DEFAULT_SOURCE;
    }

    private static void copy(Map<String, Object> from, String key, Map<String, String> to, String as) {
        if (from.get(key) instanceof String value) {
            to.put(as, value);
        }
    }

    private static void put(Map<String, Object> ci, String key, String value) {
        if (value != null && !value.isBlank()) {
            ci.put(key, value);
        }
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + "/" + b;
    }
}
