package io.jenkins.plugins.rootly;

import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code context.ci} of a Jenkins build, read from the build itself rather than its environment: a fresh
 * controller has no root URL, so {@code JENKINS_URL} and {@code BUILD_URL} are unset there, yet the job and the build
 * number are always known. The request id is added by the run spec (for a pulse, by the pulse spec).
 */
final class BuildCiContext {
    private BuildCiContext() {}

    static Map<String, Object> of(Run<?, ?> build, String rootUrl, Map<String, String> env) {
        Map<String, Object> ci = new LinkedHashMap<>();
        ci.put("provider", "jenkins");
        if (rootUrl != null && !rootUrl.isBlank()) {
            ci.put("build_url", (rootUrl.endsWith("/") ? rootUrl : rootUrl + "/") + build.getUrl());
        }
        ci.put("job", build.getParent().getFullName());
        ci.put("build_number", String.valueOf(build.getNumber()));
        put(ci, "commit", env.get("GIT_COMMIT"));
        put(ci, "ref", env.get("GIT_BRANCH") != null ? env.get("GIT_BRANCH") : env.get("BRANCH_NAME"));
        return ci;
    }

    /**
     * A pulse's default refs from a build's {@link #of context.ci}, named as core's {@code CiContext.pulseRefs} names
     * them: {@code commit_sha}, {@code build_url} (only with a root URL) and {@code ref}, each only when known.
     */
    static Map<String, String> pulseRefs(Map<String, Object> ci) {
        Map<String, String> refs = new LinkedHashMap<>();
        put(refs, "commit_sha", (String) ci.get("commit"));
        put(refs, "build_url", (String) ci.get("build_url"));
        put(refs, "ref", (String) ci.get("ref"));
        return refs;
    }

    private static <V> void put(Map<String, V> ci, String key, V value) {
        if (value != null && !value.toString().isBlank()) {
            ci.put(key, value);
        }
    }
}
