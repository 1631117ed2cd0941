package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.KeyValue;
import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.api.RootlyClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import okhttp3.HttpUrl;

/**
 * One validated pulse: what to record in Rootly, against which API, and whether to wait for the workflow runs it
 * triggers. Built only through {@link Builder}, which turns every bad input into a {@link UsageException} before
 * anything is sent.
 */
public final class PulseSpec {
    /** How long discovery keeps looking for runs after the last new one, unless told otherwise. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
    /** The pulse's source when neither the user nor the CI environment names one. */
    public static final String DEFAULT_SOURCE = "rootly-workflow-run";
    /**
     * The ref this tool adds to every pulse, so that an ambiguous create can be matched to its pulse; users may not
     * set it themselves.
     */
    public static final String REQUEST_ID_REF = "request_id";

    /** Longest summary, source, service or environment reference: more is a pasted mistake, not a deploy. */
    static final int MAX_TEXT_CHARS = 1024;

    private final String apiUrl;
    private final ApiToken token;
    private final String tokenSource;
    private final String summary;
    private final String source;
    private final List<String> services;
    private final List<String> environments;
    private final List<KeyValue> labels;
    private final List<KeyValue> refs;
    private final String externalUrl;
    private final Instant startedAt;
    private final Instant endedAt;
    private final Map<String, Object> data;
    private final boolean waitForTriggered;
    private final Duration settle;
    private final Duration timeout;
    private final Duration pollInterval;
    private final CompletedWithErrorsPolicy completedWithErrors;
    private final String requestId;

    private PulseSpec(Builder b, String apiUrl, List<KeyValue> refs, String requestId) {
        this.apiUrl = apiUrl;
        this.token = b.token;
        this.tokenSource = b.tokenSource;
        this.summary = b.summary.strip();
        this.source = b.source;
        this.services = List.copyOf(b.services);
        this.environments = List.copyOf(b.environments);
        this.labels = pairs(b.labels);
        this.refs = refs;
        this.externalUrl = b.externalUrl;
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.data = b.data == null ? null : Collections.unmodifiableMap(b.data);
        this.waitForTriggered = b.waitForTriggered;
        this.settle = b.settle;
        this.timeout = b.timeout;
        this.pollInterval = b.pollInterval;
        this.completedWithErrors = b.completedWithErrors;
        this.requestId = requestId;
    }

    /** The API base URL, without a trailing slash. */
    public String apiUrl() {
        return apiUrl;
    }

    ApiToken token() {
        return token;
    }

    /** Where the token came from, in words the user recognises, e.g. {@code credentials 'rootly'}. */
    public String tokenSource() {
        return tokenSource;
    }

    public String summary() {
        return summary;
    }

    /** The pulse's source: as given, else {@link #DEFAULT_SOURCE}. */
    public String source() {
        return source;
    }

    /** Services as given (each an id, slug or exact name), without repeats, in order. */
    public List<String> services() {
        return services;
    }

    /** Environments as given (each an id, slug or exact name), without repeats, in order. */
    public List<String> environments() {
        return environments;
    }

    /** Labels in the order first given; a key given twice keeps its last value. */
    public List<KeyValue> labels() {
        return labels;
    }

    /** Refs as sent: the CI refs, then the user's (which win on a shared key), then {@code request_id}. */
    public List<KeyValue> refs() {
        return refs;
    }

    /** The pulse's link, or null. */
    public String externalUrl() {
        return externalUrl;
    }

    /** When the change started, or null for "when the pulse is created" (the engine's clock). */
    public Instant startedAt() {
        return startedAt;
    }

    /** When the change ended, or null. */
    public Instant endedAt() {
        return endedAt;
    }

    /** The pulse's additional data (a JSON object), or null. */
    public Map<String, Object> data() {
        return data;
    }

    /** Whether to find and wait for the workflow runs the pulse triggers. */
    public boolean waitForTriggered() {
        return waitForTriggered;
    }

    /** How long discovery keeps looking after the last new run (or the pulse) before it stops. */
    public Duration settle() {
        return settle;
    }

    /** The whole wait's hard deadline, counted from the start of the step. */
    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public CompletedWithErrorsPolicy completedWithErrors() {
        return completedWithErrors;
    }

    /** The value of the {@code request_id} ref sent with the pulse. */
    public String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return "PulseSpec[apiUrl=" + apiUrl + ", summary=" + summary + ", source=" + source + ", services=" + services
                + ", environments=" + environments + ", wait=" + waitForTriggered + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    private static List<KeyValue> pairs(Map<String, String> values) {
        List<KeyValue> list = new ArrayList<>();
        values.forEach((k, v) -> list.add(new KeyValue(k, v)));
        return List.copyOf(list);
    }

    /** Collects raw front-end values; {@link #build()} validates what needs the whole picture. */
    public static final class Builder {
        private String apiUrl;
        private ApiToken token;
        private String tokenSource = "the API token";
        private String summary;
        private String source;
        private final Set<String> services = new LinkedHashSet<>();
        private final Set<String> environments = new LinkedHashSet<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> refs = new LinkedHashMap<>();
        private final Map<String, String> ciRefs = new LinkedHashMap<>();
        private String externalUrl;
        private Instant startedAt;
        private Instant endedAt;
        private Map<String, Object> data;
        private boolean waitForTriggered;
        private Duration settle = DEFAULT_SETTLE;
        private Duration timeout = RunSpec.DEFAULT_TIMEOUT;
        private Duration pollInterval = RunSpec.DEFAULT_POLL_INTERVAL;
        private CompletedWithErrorsPolicy completedWithErrors = RunSpec.DEFAULT_COMPLETED_WITH_ERRORS;
        private String requestId;

        private Builder() {}

        public Builder apiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        /** The token, and where it came from in words the user recognises, e.g. {@code credentials 'rootly'}. */
        public Builder token(String token, String source) {
            this.tokenSource = source;
            this.token = RunSpec.Builder.checkedToken(token, source);
            return this;
        }

        public Builder token(ApiToken token, String source) {
            this.token = token;
            this.tokenSource = source;
            return this;
        }

        /** Required: one line saying what changed, e.g. {@code Deploy api 1.4.2}. */
        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        /** The pulse's source; blank keeps {@link #DEFAULT_SOURCE}. Front ends pass the CI provider's name. */
        public Builder source(String source) {
            if (source != null && !source.isBlank()) {
                this.source = oneLine("source", source, "e.g. github-actions");
            }
            return this;
        }

        /** One service by id, slug or exact name; a blank entry is ignored (as lists split by lines leave them). */
        public Builder service(String service) {
            add(services, "services", service);
            return this;
        }

        public Builder services(Collection<String> values) {
            if (values != null) {
                values.forEach(this::service);
            }
            return this;
        }

        /** One environment by id, slug or exact name; a blank entry is ignored. */
        public Builder environment(String environment) {
            add(environments, "environments", environment);
            return this;
        }

        public Builder environments(Collection<String> values) {
            if (values != null) {
                values.forEach(this::environment);
            }
            return this;
        }

        /** One {@code key=value} label; the key must not be blank, the value may be empty. */
        public Builder label(String entry) {
            String[] kv = split("labels", entry);
            return label(kv[0], kv[1]);
        }

        public Builder label(String key, String value) {
            put(labels, "labels", key, value);
            return this;
        }

        /** Labels as a map (Jenkins pipelines pass Groovy maps); values are sent as text. */
        public Builder labels(Map<String, ?> values) {
            putAll(labels, "labels", values);
            return this;
        }

        /** One {@code key=value} ref; the key must not be blank or {@value #REQUEST_ID_REF}. */
        public Builder ref(String entry) {
            String[] kv = split("refs", entry);
            return ref(kv[0], kv[1]);
        }

        public Builder ref(String key, String value) {
            put(refs, "refs", key, value);
            return this;
        }

        public Builder refs(Map<String, ?> values) {
            putAll(refs, "refs", values);
            return this;
        }

        /**
         * The CI's refs ({@code commit_sha}, {@code build_url}, {@code ref}: see {@code CiContext.pulseRefs}), sent
         * before the user's refs; a user ref with the same key wins. Null or empty sends none.
         */
        public Builder ciRefs(Map<String, ?> values) {
            ciRefs.clear();
            putAll(ciRefs, "refs", values);
            return this;
        }

        /** The pulse's link, an http(s) URL; blank means none. */
        public Builder externalUrl(String url) {
            if (url == null || url.isBlank()) {
                this.externalUrl = null;
                return this;
            }
            String text = url.strip();
            HttpUrl parsed = HttpUrl.parse(text);
            if (parsed == null) {
                throw new UsageException(
                        "externalUrl",
                        "'" + text + "' is not an http(s) URL; use e.g. https://ci.example.com/build/42");
            }
            this.externalUrl = text;
            return this;
        }

        /** ISO-8601 with an offset, e.g. {@code 2026-03-01T12:00:00Z}; blank means "now". */
        public Builder startedAt(String text) {
            this.startedAt = instant("startedAt", text);
            return this;
        }

        /** ISO-8601 with an offset; blank means none. */
        public Builder endedAt(String text) {
            this.endedAt = instant("endedAt", text);
            return this;
        }

        /** Additional data as JSON text; it must be an object. Blank means none. */
        public Builder dataJson(String json) {
            if (json == null || json.isBlank()) {
                return this;
            }
            this.data = new LinkedHashMap<>(RunSpec.Builder.jsonObject("data", json, "{\"version\":\"1.4.2\"}"));
            return this;
        }

        /** Additional data as a map (Jenkins pipelines pass Groovy maps); null means none. */
        public Builder data(Map<String, ?> values) {
            if (values == null) {
                this.data = null;
                return this;
            }
            Map<String, Object> copy;
            try {
                copy = PlainJson.copy(values);
            } catch (IllegalArgumentException e) {
                throw new UsageException("data", "holds a value that cannot be sent as JSON: " + e.getMessage());
            }
            RunSpec.Builder.requireWithinLimit(
                    "data", PlainJson.write(copy).getBytes(StandardCharsets.UTF_8).length, "as JSON");
            this.data = copy;
            return this;
        }

        public Builder waitForTriggered(boolean wait) {
            this.waitForTriggered = wait;
            return this;
        }

        /** How long to keep looking for triggered runs after the last new one, e.g. {@code 30s}. */
        public Builder settle(String text) {
            if (text != null && !text.isBlank()) {
                this.settle = Durations.parse("settle", text);
            }
            return this;
        }

        public Builder timeout(String text) {
            if (text != null && !text.isBlank()) {
                this.timeout = Durations.parse("timeout", text);
            }
            return this;
        }

        public Builder pollInterval(String text) {
            if (text != null && !text.isBlank()) {
                this.pollInterval = Durations.parse("pollInterval", text);
            }
            return this;
        }

        public Builder completedWithErrors(String text) {
            if (text != null && !text.isBlank()) {
                this.completedWithErrors = CompletedWithErrorsPolicy.parse("completedWithErrors", text);
            }
            return this;
        }

        /** Fixes the {@code request_id} ref instead of a random one; for tests and for resuming a known step. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public PulseSpec build() {
            String url = RunSpec.Builder.validApiUrl(
                    apiUrl == null || apiUrl.isBlank() ? RootlyClient.DEFAULT_API_URL : apiUrl.strip());
            if (summary == null || summary.isBlank()) {
                throw new UsageException(
                        "summary", "is required: say in one line what changed, e.g. 'Deploy api 1.4.2'");
            }
            oneLine("summary", summary, "e.g. 'Deploy api 1.4.2'");
            if (token == null) {
                throw new UsageException("credentialsId", "no API token given; provide " + tokenSource);
            }
            if (settle.compareTo(timeout) > 0) {
                throw new UsageException(
                        "settle",
                        Durations.format(settle) + " is longer than the timeout (" + Durations.format(timeout)
                                + "); make it shorter or raise the timeout");
            }
            if (startedAt != null && endedAt != null && endedAt.isBefore(startedAt)) {
                throw new UsageException("endedAt", "is before startedAt; give an end at or after the start");
            }
            String rid =
                    requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId.strip();
            Map<String, String> sent = new LinkedHashMap<>(ciRefs);
            sent.putAll(refs);
            sent.put(REQUEST_ID_REF, rid);
            if (source == null) {
                source = DEFAULT_SOURCE;
            }
            return new PulseSpec(this, url, pairs(sent), rid);
        }

        private static void add(Set<String> into, String field, String value) {
            if (value == null || value.isBlank()) {
                return;
            }
            into.add(oneLine(field, value, "give an id, slug or exact name"));
        }

        private static String[] split(String field, String entry) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq < 0 || entry.substring(0, eq).isBlank()) {
                throw new UsageException(
                        field,
                        "'" + (entry == null ? "" : entry) + "' is not key=value with a non-blank key, e.g. "
                                + (field.equals("labels") ? "team=payments" : "image=api:1.4.2"));
            }
            return new String[] {entry.substring(0, eq), entry.substring(eq + 1)};
        }

        private static void put(Map<String, String> into, String field, String key, String value) {
            if (key == null || key.isBlank()) {
                throw new UsageException(field, "a key is blank; give every entry a key, e.g. team=payments");
            }
            String k = oneLine(field, key.strip(), "keys are single words such as team");
            if (field.equals("refs") && k.equals(REQUEST_ID_REF)) {
                throw new UsageException(
                        field,
                        "the key " + REQUEST_ID_REF
                                + " is set by this tool to recognise its pulse; use another key for yours");
            }
            if (value == null) {
                throw new UsageException(field, "'" + k + "' has no value; give key=value");
            }
            into.put(k, value);
        }

        private static void putAll(Map<String, String> into, String field, Map<String, ?> values) {
            if (values == null) {
                return;
            }
            values.forEach((k, v) -> {
                if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
                    throw new UsageException(
                            field, "'" + k + "' is a JSON " + PlainJson.typeName(v) + "; each value must be text");
                }
                put(into, field, k, v == null ? null : String.valueOf(v));
            });
        }

        /** {@code text} if it is one line of reasonable length; otherwise a usage error for {@code field}. */
        private static String oneLine(String field, String text, String hint) {
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new UsageException(field, "must be a single line; " + hint);
            }
            if (text.length() > MAX_TEXT_CHARS) {
                throw new UsageException(
                        field,
                        "is " + text.length() + " characters long; the limit is " + MAX_TEXT_CHARS + "; " + hint);
            }
            return text;
        }

        private static Instant instant(String field, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException(
                        field,
                        "'" + text.strip()
                                + "' is not an ISO-8601 time with an offset; write e.g. 2026-03-01T12:00:00Z");
            }
        }
    }
}
