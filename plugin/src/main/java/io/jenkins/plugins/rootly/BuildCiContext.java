package io.jenkins.plugins.rootly;

import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code context.ci} of a Jenkins build, read from the build itself rather than its environment: a fresh
 * controller has no root URL, so {@code JENKINS_URL} and {@code BUILD_URL} are unset there, yet the job and the build
 * number are always known. The request id is added by the run spec.
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

    private static void put(Map<String, Object> ci, String key, String value) {
        if (value != null && !value.isBlank()) {
            ci.put(key, value);
        }
    }
}
