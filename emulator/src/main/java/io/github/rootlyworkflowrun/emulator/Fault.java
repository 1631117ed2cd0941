package io.github.rootlyworkflowrun.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fault to inject on a route, an immutable value built with {@link #builder()}: wait first, drop the connection
 * before or after the request is acted on, answer with a status instead, add headers, or send a malformed body. It
 * applies to the next {@code times} matching requests (all when unset), each with probability {@code rate}.
 *
 * <pre>{@code
 * Fault.builder().route(Route.LIST_RUNS).times(2).status(503).html().build()
 * Fault.builder().route(Route.CREATE_RUN).times(1).drop(Fault.Drop.AFTER).build()
 * }</pre>
 */
public final class Fault {
    /** When a dropped connection closes: before the request is acted on (nothing happens) or after it. */
    public enum Drop {
        BEFORE,
        AFTER
    }

    private final Route route;
    private final Integer times;
    private final double rate;
    private final Duration delay;
    private final Integer status;
    private final String body;
    private final boolean html;
    private final Map<String, String> headers;
    private final Drop drop;
    private final boolean malformed;

    private Fault(Builder b) {
        this.route = b.route;
        this.times = b.times;
        this.rate = b.rate;
        this.delay = b.delay;
        this.status = b.status;
        this.body = b.body;
        this.html = b.html;
        this.headers = Map.copyOf(b.headers);
        this.drop = b.drop;
        this.malformed = b.malformed;
    }

    /** A fault on any route that, until configured, changes nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this fault's settings, to derive another fault from it. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Answers the next {@code times} requests to {@code route} (a {@link Route#key()} or {@code any}) with a status. */
    public static Fault status(String route, int status, int times) {
        return builder().route(route).times(times).status(status).build();
    }

    /** Drops the connection of the next {@code times} requests, {@code before} or {@code after} acting on them. */
    public static Fault drop(String route, String when, int times) {
        return builder().route(route).times(times).drop(Builder.parseDrop(when)).build();
    }

    /** Holds the next {@code times} requests for {@code delay} (e.g. {@code 600ms}) before answering normally. */
    public static Fault delay(String route, String delay, int times) {
        return builder().route(route).times(times).delay(Durations.parse(delay)).build();
    }

    /** Acts on the next {@code times} requests, then answers with a body that is not JSON. */
    public static Fault malformed(String route, int times) {
        return builder().route(route).times(times).malformed().build();
    }

    /** This fault, also sending {@code extra} headers. */
    public Fault withHeaders(Map<String, String> extra) {
        return newBuilder().headers(extra).build();
    }

    /** This fault, answering with an HTML page as a proxy would. */
    public Fault asHtml() {
        return newBuilder().html().build();
    }

    /** The route it applies to, by its {@link Route#key()}, or {@code any}: the scenario-file form. */
    public String route() {
        return route == null ? "any" : route.key();
    }

    /** Whether it applies to requests on {@code requestRoute}. */
    public boolean appliesTo(Route requestRoute) {
        return route == null || route == requestRoute;
    }

    /** How many matching requests it applies to; empty for all of them. */
    public OptionalInt times() {
        return times == null ? OptionalInt.empty() : OptionalInt.of(times);
    }

    /** The share of matching requests it fires on, from 0 to 1. */
    public double rate() {
        return rate;
    }

    /** How long a request is held before anything else happens; zero for none. */
    public Duration delay() {
        return delay;
    }

    /** The status answered instead of the API's own answer; null to let the API answer (kept nullable for callers). */
    public Integer status() {
        return status;
    }

    /** The body sent with {@link #status()}; empty for a default error document. */
    public Optional<String> body() {
        return Optional.ofNullable(body);
    }

    /** Whether the injected answer is an HTML page (as a proxy or load balancer sends), not JSON. */
    public boolean html() {
        return html;
    }

    /** Headers added to the answer. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Whether, and when, the connection is dropped unanswered. */
    public Optional<Drop> drop() {
        return Optional.ofNullable(drop);
    }

    /** Whether the answer's body is replaced by truncated JSON. */
    public boolean malformed() {
        return malformed;
    }

    /** The scenario-file form (only the settings that are set), as the control API lists it. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("route", route());
        if (times != null) {
            m.put("times", times);
        }
        if (rate < 1) {
            m.put("rate", rate);
        }
        if (!delay.isZero()) {
            m.put("delay", delay.toMillis() + "ms");
        }
        if (status != null) {
            m.put("status", status);
        }
        if (body != null) {
            m.put("body", body);
        }
        if (html) {
            m.put("html", true);
        }
        if (!headers.isEmpty()) {
            m.put("headers", new LinkedHashMap<>(headers));
        }
        if (drop != null) {
            m.put("drop", drop.name().toLowerCase(Locale.ROOT));
        }
        if (malformed) {
            m.put("malformed", true);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Fault" + toJson();
    }

    /** Builds a {@link Fault}; every setter checks its value at once, so a mistake names its field. */
    public static final class Builder {
        private Route route;
        private Integer times;
        private double rate = 1;
        private Duration delay = Duration.ZERO;
        private Integer status;
        private String body;
        private boolean html;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Drop drop;
        private boolean malformed;

        private Builder() {}

        private Builder(Fault f) {
            route = f.route;
            times = f.times;
            rate = f.rate;
            delay = f.delay;
            status = f.status;
            body = f.body;
            html = f.html;
            headers.putAll(f.headers);
            drop = f.drop;
            malformed = f.malformed;
        }

        /** The route it applies to; null for every route (the default). */
        public Builder route(Route route) {
            this.route = route;
            return this;
        }

        /** The route by its {@link Route#key()}, or {@code any}. */
        public Builder route(String key) {
            if (key == null || key.equals("any")) {
                return route((Route) null);
            }
            try {
                return route(Route.fromKey(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "fault route '" + key + "' is not one of " + Route.keys() + " or any");
            }
        }

        /** Applies to the next {@code times} matching requests only. */
        public Builder times(int times) {
            if (times < 1) {
                throw new IllegalArgumentException("fault times must be at least 1");
            }
            this.times = times;
            return this;
        }

        /** Fires on this share of matching requests (from the scenario's seed), from 0 to 1. */
        public Builder rate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("fault rate must be between 0 and 1");
            }
            this.rate = rate;
            return this;
        }

        public Builder delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("fault delay must not be negative");
            }
            this.delay = delay;
            return this;
        }

        /** Answers with this status instead of the API's answer (after authentication and the rate limit). */
        public Builder status(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("fault status must be an HTTP status from 100 to 599");
            }
            this.status = status;
            return this;
        }

        /** The body sent with {@link #status(int)}, as JSON:API unless {@link #html()}. */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder html() {
            this.html = true;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers.putAll(headers);
            return this;
        }

        public Builder drop(Drop when) {
            this.drop = when;
            return this;
        }

        public Builder malformed() {
            this.malformed = true;
            return this;
        }

        public Fault build() {
            return new Fault(this);
        }

        static Drop parseDrop(String when) {
            if (!"before".equals(when) && !"after".equals(when)) {
                throw new IllegalArgumentException("fault drop must be 'before' or 'after', not '" + when + "'");
            }
            return Drop.valueOf(when.toUpperCase(Locale.ROOT));
        }
    }
}
