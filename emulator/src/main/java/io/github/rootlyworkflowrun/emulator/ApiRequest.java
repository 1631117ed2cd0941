package io.github.rootlyworkflowrun.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One API request as a {@link Dispatcher} sees it: method, path, query, headers, body and the route it takes. */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final List<String> segments;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Route route;

    ApiRequest(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.segments = Paths.segments(path);
        this.query = Map.copyOf(query);
        // A copy: a dispatcher may keep the request after the exchange is gone.
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(h);
        this.body = body.clone();
        this.route = Route.match(method, segments).orElse(null);
    }

    public String method() {
        return method;
    }

    /** The raw (still percent-encoded) path, e.g. {@code /v1/workflows/deploy/workflow_runs}. */
    public String path() {
        return path;
    }

    /** The emulated route the request takes; empty for any other path or method. */
    public Optional<Route> route() {
        return Optional.ofNullable(route);
    }

    /** The workflow id or slug in the path, decoded; empty when the route has none. */
    public Optional<String> workflow() {
        return parameter("workflow");
    }

    /** The pulse id in the path of {@link Route#GET_PULSE}, decoded; empty for other routes. */
    public Optional<String> pulse() {
        return parameter("pulse");
    }

    private Optional<String> parameter(String name) {
        int i = route == null ? -1 : route.parameterIndex(name);
        return i < 0 ? Optional.empty() : Optional.of(segments.get(i));
    }

    /** The decoded query parameters, e.g. {@code page[number]}; the last of repeated ones. */
    public Map<String, String> query() {
        return query;
    }

    /** The first value of a request header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    byte[] bodyBytes() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
