package io.github.rootlyworkflowrun.emulator;

import java.util.List;
import java.util.Optional;

/** An endpoint of the Rootly API the emulator serves, by method and path; faults and request counts name these. */
public enum Route {
    LIST_WORKFLOWS("list_workflows", "GET", "/v1/workflows"),
    GET_WORKFLOW("get_workflow", "GET", "/v1/workflows/{workflow}"),
    CREATE_RUN("create", "POST", "/v1/workflows/{workflow}/workflow_runs"),
    LIST_RUNS("list_runs", "GET", "/v1/workflows/{workflow}/workflow_runs"),
    CREATE_PULSE("create_pulse", "POST", "/v1/pulses"),
    LIST_PULSES("list_pulses", "GET", "/v1/pulses"),
    GET_PULSE("get_pulse", "GET", "/v1/pulses/{pulse}"),
    LIST_SERVICES("list_services", "GET", "/v1/services"),
    LIST_ENVIRONMENTS("list_environments", "GET", "/v1/environments");

    private final String key;
    private final String method;
    private final String pattern;
    private final List<String> segments;

    Route(String key, String method, String pattern) {
        this.key = key;
        this.method = method;
        this.pattern = pattern;
        this.segments = List.of(pattern.substring(1).split("/"));
    }

    /** The name used in scenario files, the control API and {@link RootlyEmulator#requestCounts()}. */
    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    /** The path, with {@code {workflow}} standing for a workflow's id or slug and {@code {pulse}} for a pulse's id. */
    public String pattern() {
        return pattern;
    }

    /** Where {@code {name}} sits among the path's segments; -1 when the route has no such parameter. */
    int parameterIndex(String name) {
        return segments.indexOf("{" + name + "}");
    }

    /** The route named {@code key} (as in a scenario file); {@link IllegalArgumentException} for any other name. */
    public static Route fromKey(String key) {
        for (Route r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("route '" + key + "' is not one of " + keys());
    }

    static List<String> keys() {
        return java.util.Arrays.stream(values()).map(Route::key).toList();
    }

    /** The route a request takes, or empty when the emulator does not serve it. */
    static Optional<Route> match(String method, List<String> pathSegments) {
        for (Route r : values()) {
            if (r.method.equals(method) && r.matches(pathSegments)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private boolean matches(List<String> path) {
        if (path.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!segments.get(i).startsWith("{") && !segments.get(i).equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}
