package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Set;

/**
 * A fault to inject on a route: answer with a status, wait first, drop the connection before or after the request
 * is processed, or send a malformed body. It applies to the next {@code times} matching requests (all when absent),
 * each with probability {@code rate} (always when absent).
 *
 * <p>Routes: {@code create} (POST runs), {@code list_runs}, {@code list_workflows}, {@code get_workflow}, or
 * {@code any}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(
        String route,
        Integer times,
        Double rate,
        String delay,
        Integer status,
        String body,
        Boolean html,
        Map<String, String> headers,
        String drop,
        Boolean malformed) {

    static final Set<String> ROUTES = Set.of("create", "list_runs", "list_workflows", "get_workflow", "any");

    public Fault {
        route = route == null ? "any" : route;
        if (!ROUTES.contains(route)) {
            throw new IllegalArgumentException("fault route '" + route + "' is not one of " + ROUTES);
        }
        if (drop != null && !drop.equals("before") && !drop.equals("after")) {
            throw new IllegalArgumentException("fault drop must be 'before' or 'after', not '" + drop + "'");
        }
        if (delay != null) {
            Durations.parse(delay);
        }
        if (rate != null && (rate < 0 || rate > 1)) {
            throw new IllegalArgumentException("fault rate must be between 0 and 1");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("fault times must be at least 1");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Answer the next {@code times} requests to {@code route} with {@code status}. */
    public static Fault status(String route, int status, int times) {
        return new Fault(route, times, null, null, status, null, null, null, null, null);
    }

    /** Drop the connection of the next {@code times} requests, before or after the server acts on them. */
    public static Fault drop(String route, String when, int times) {
        return new Fault(route, times, null, null, null, null, null, null, when, null);
    }

    /** Hold the next {@code times} requests for {@code delay} before answering normally. */
    public static Fault delay(String route, String delay, int times) {
        return new Fault(route, times, null, delay, null, null, null, null, null, null);
    }

    /** Act on the next {@code times} requests, then answer with a body that is not JSON. */
    public static Fault malformed(String route, int times) {
        return new Fault(route, times, null, null, null, null, null, null, null, true);
    }

    public Fault withHeaders(Map<String, String> extra) {
        return new Fault(route, times, rate, delay, status, body, html, extra, drop, malformed);
    }

    public Fault asHtml() {
        return new Fault(route, times, rate, delay, status, body, true, headers, drop, malformed);
    }

    boolean matches(String requestRoute) {
        return route.equals("any") || route.equals(requestRoute);
    }
}
