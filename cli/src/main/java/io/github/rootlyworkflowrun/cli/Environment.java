package io.github.rootlyworkflowrun.cli;

import java.util.Map;

/** The process environment, injectable so tests can stage any CI system. */
record Environment(Map<String, String> variables) {

    static Environment system() {
        return new Environment(System.getenv());
    }

    String get(String name) {
        return variables.get(name);
    }

    boolean isGitHubActions() {
        return "true".equalsIgnoreCase(variables.get("GITHUB_ACTIONS"));
    }

    /**
     * A GitHub Actions input ({@code INPUT_<NAME>}, hyphens kept), trimmed as the toolkit does; null outside
     * GitHub Actions or when empty (optional inputs arrive as empty strings).
     */
    String gitHubInput(String name) {
        if (!isGitHubActions()) {
            return null;
        }
        String v = variables.get("INPUT_" + name.toUpperCase(java.util.Locale.ROOT));
        return v == null || v.isBlank() ? null : v.trim();
    }
}
