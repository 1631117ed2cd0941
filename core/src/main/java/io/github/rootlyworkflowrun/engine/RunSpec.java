package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Target;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;

/**
 * One validated invocation: what to run, against which API, and how to wait. Built only through {@link Builder},
 * which turns every bad input into a {@link UsageException} before anything is sent.
 */
public final class RunSpec {
    /** How long a wait lasts unless told otherwise; every front end shows and uses this one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    /** How often a wait lists runs unless told otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    /** What a run that completes with errors means for the build unless told otherwise. */
    public static final CompletedWithErrorsPolicy DEFAULT_COMPLETED_WITH_ERRORS = CompletedWithErrorsPolicy.UNSTABLE;

    static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Longest workflow reference: Rootly's names and slugs are far shorter; more is a pasted mistake. */
    static final int MAX_WORKFLOW_CHARS = 255;
    /** Largest context, as JSON text; Rootly stores it with the run, and request bodies are bounded. */
    public static final int MAX_CONTEXT_BYTES = 64 * 1024;

    private final String apiUrl;
    private final ApiToken token;
    private final String tokenSource;
    private final String workflow;
    private final Target target;
    private final boolean immediate;
    private final boolean checkConditions;
    private final Map<String, Object> context;
    private final String requestId;
    private final boolean waitForCompletion;
    private final Duration timeout;
    private final Duration pollInterval;
    private final CompletedWithErrorsPolicy completedWithErrors;

    // Private: a spec exists only once Builder.build() has validated every value in it.
    private RunSpec(
            String apiUrl,
            ApiToken token,
            String tokenSource,
            String workflow,
            Target target,
            boolean immediate,
            boolean checkConditions,
            Map<String, Object> context,
            String requestId,
            boolean waitForCompletion,
            Duration timeout,
            Duration pollInterval,
            CompletedWithErrorsPolicy completedWithErrors) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.tokenSource = tokenSource;
        this.workflow = workflow;
        this.target = target;
        this.immediate = immediate;
        this.checkConditions = checkConditions;
        this.context = context;
        this.requestId = requestId;
        this.waitForCompletion = waitForCompletion;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.completedWithErrors = completedWithErrors;
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

    /** The workflow's id, slug or name, as given. */
    public String workflow() {
        return workflow;
    }

    /** The run's target, or null. */
    public Target target() {
        return target;
    }

    public boolean immediate() {
        return immediate;
    }

    public boolean checkConditions() {
        return checkConditions;
    }

    /** The context sent with the run, {@code ci} included; unmodifiable. */
    public Map<String, Object> context() {
        return context;
    }

    /** The {@code context.ci.request_id} sent, or null when CI context is off. */
    public String requestId() {
        return requestId;
    }

    public boolean waitForCompletion() {
        return waitForCompletion;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public CompletedWithErrorsPolicy completedWithErrors() {
        return completedWithErrors;
    }

    @Override
    public String toString() {
        return "RunSpec[apiUrl=" + apiUrl + ", workflow=" + workflow + ", target=" + target + ", wait="
                + waitForCompletion + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects raw front-end values; {@link #build()} validates them all. */
    public static final class Builder {
        private String apiUrl;
        private ApiToken token;
        private String tokenSource = "the API token";
        private String workflow;
        private Target target;
        private String secondTarget;
        private boolean immediate = true;
        private boolean checkConditions;
        private Map<String, Object> context = new LinkedHashMap<>();
        private Map<String, Object> ciContext;
        private String requestId;
        private boolean waitForCompletion;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private CompletedWithErrorsPolicy completedWithErrors = DEFAULT_COMPLETED_WITH_ERRORS;

        private Builder() {}

        public Builder apiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        /** The token, and where it came from in words the user recognises, e.g. {@code credentials 'rootly'}. */
        public Builder token(String token, String source) {
            this.tokenSource = source;
            this.token = checkedToken(token, source);
            return this;
        }

        public Builder token(ApiToken token, String source) {
            this.token = token;
            this.tokenSource = source;
            return this;
        }

        public Builder workflow(String workflow) {
            this.workflow = workflow;
            return this;
        }

        /** Sets the run's target; a blank id is ignored, and a second target is an error at build time. */
        public Builder target(Target.Kind kind, String id) {
            if (id == null || id.isBlank()) {
                return this;
            }
            if (target != null) {
                secondTarget = kind.parameter();
                return this;
            }
            target = new Target(kind, id.strip());
            return this;
        }

        /** The five target ids as front ends collect them, blank meaning unset; more than one is an error at build time. */
        public Builder targets(
                String incidentId, String postMortemId, String actionItemId, String alertId, String pulseId) {
            return target(Target.Kind.INCIDENT, incidentId)
                    .target(Target.Kind.POST_MORTEM, postMortemId)
                    .target(Target.Kind.ACTION_ITEM, actionItemId)
                    .target(Target.Kind.ALERT, alertId)
                    .target(Target.Kind.PULSE, pulseId);
        }

        public Builder immediate(boolean immediate) {
            this.immediate = immediate;
            return this;
        }

        public Builder checkConditions(boolean checkConditions) {
            this.checkConditions = checkConditions;
            return this;
        }

        /** Context as JSON text; it must be an object. */
        public Builder contextJson(String json) {
            if (json == null || json.isBlank()) {
                return this;
            }
            context.putAll(jsonObject("context", json, "{\"service\":\"api\"}"));
            return this;
        }

        /** Context as a map (Jenkins pipelines pass Groovy maps); merged over what was set before. */
        public Builder context(Map<String, ?> values) {
            if (values != null) {
                try {
                    context.putAll(PlainJson.copy(values));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("context", "holds a value that cannot be sent as JSON: " + e.getMessage());
                }
            }
            return this;
        }

        /** One {@code key=value} entry; dots in the key are kept literally. */
        public Builder contextEntry(String entry) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("contextEntry", "'" + entry + "' is not key=value, e.g. service=api");
            }
            context.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
            return this;
        }

        /** The CI facts to send as {@code context.ci}; null leaves CI context out (and with it reconciliation). */
        public Builder ciContext(Map<String, ?> ci) {
            this.ciContext = ci == null ? null : new LinkedHashMap<>(ci);
            return this;
        }

        /** Fixes the request id instead of a random one; for tests and for resuming a known invocation. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder waitForCompletion(boolean wait) {
            this.waitForCompletion = wait;
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

        public RunSpec build() {
            String url =
                    validApiUrl(apiUrl == null || apiUrl.isBlank() ? RootlyClient.DEFAULT_API_URL : apiUrl.strip());
            if (workflow == null || workflow.isBlank()) {
                throw new UsageException("workflow", "is required: give a workflow id, slug or name");
            }
            if (workflow.strip().length() > MAX_WORKFLOW_CHARS) {
                throw new UsageException(
                        "workflow",
                        "is " + workflow.strip().length() + " characters long; the limit is " + MAX_WORKFLOW_CHARS
                                + ": give the workflow's id, slug or name");
            }
            if (secondTarget != null) {
                throw new UsageException(
                        secondTarget,
                        "a run takes at most one target (incident, post-mortem, action item, alert or pulse) and "
                                + target.kind()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ')
                                + " is already set; keep only one");
            }
            if (token == null) {
                throw new UsageException("credentialsId", "no API token given; provide " + tokenSource);
            }
            if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
                throw new UsageException("pollInterval", "must be at least 1s");
            }
            Map<String, Object> merged = new LinkedHashMap<>(context);
            String rid = null;
            if (ciContext != null) {
                rid = requestId != null ? requestId : UUID.randomUUID().toString();
                Map<String, Object> ci = new LinkedHashMap<>(ciContext);
                ci.put("request_id", rid);
                Object userCi = merged.get("ci");
                if (userCi instanceof Map<?, ?> userMap) {
                    userMap.forEach((k, v) -> ci.put(String.valueOf(k), v)); // user keys win on conflict
                    merged.put("ci", ci);
                } else if (userCi == null) {
                    merged.put("ci", ci);
                }
                // The id actually sent is the one reconciliation must look for.
                Object sent = merged.get("ci") instanceof Map<?, ?> m ? m.get("request_id") : null;
                rid = sent instanceof String s ? s : null;
            }
            return new RunSpec(
                    url,
                    token,
                    tokenSource,
                    workflow.strip(),
                    target,
                    immediate,
                    checkConditions,
                    Collections.unmodifiableMap(merged),
                    rid,
                    waitForCompletion,
                    timeout,
                    pollInterval,
                    completedWithErrors);
        }

        /** The token as a header can carry it, or a {@link UsageException} saying what is wrong with it. */
        static ApiToken checkedToken(String token, String source) {
            if (token == null || token.isBlank()) {
                throw new UsageException("credentialsId", "no API token found in " + source + "; provide one");
            }
            // An HTTP header takes neither: such a token was pasted wrong (two lines, a smart quote), not issued.
            String stripped = token.strip();
            for (int i = 0; i < stripped.length(); i++) {
                char c = stripped.charAt(i);
                if (c == '\n' || c == '\r') {
                    throw new UsageException(
                            "credentialsId",
                            "the token in " + source + " holds a line break; it must be a single line");
                }
                if (c < 0x21 || c > 0x7e) {
                    throw new UsageException(
                            "credentialsId",
                            "the token in " + source + " holds a space, control or non-ASCII character at position "
                                    + (i + 1) + "; copy the token again from Rootly");
                }
            }
            return ApiToken.of(stripped);
        }

        static String validApiUrl(String text) {
            HttpUrl url = HttpUrl.parse(text);
            if (url == null) {
                throw new UsageException(
                        "apiUrl",
                        "'" + text.replaceAll("//[^/]*@", "//***@")
                                + "' is not an http(s) URL; use e.g. https://api.rootly.com");
            }
            if (!url.username().isEmpty() || !url.password().isEmpty()) {
                // Never echo it: the user part may be a password or the token itself.
                throw new UsageException(
                        "apiUrl",
                        "must not carry a user name or password (user@host); give the token as a credential"
                                + " and the URL as e.g. https://api.rootly.com");
            }
            if (url.encodedPath().matches("(?i).*/v1/?")) {
                throw new UsageException(
                        "apiUrl",
                        "ends in /v1, which is added to every request path; drop it, e.g. https://api.rootly.com");
            }
            if (url.query() != null || url.fragment() != null) {
                throw new UsageException(
                        "apiUrl", "must not carry a query or fragment; use e.g. https://api.rootly.com");
            }
            if (!url.isHttps() && !isLoopback(url.host())) {
                throw new UsageException(
                        "apiUrl",
                        "plain HTTP is refused for " + url.host()
                                + " because the token would travel unencrypted; use https://");
            }
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }

        /** jackson-jr reads the first value and ignores the rest; a second object is a mistake, not context. */
        /**
         * {@code json} as one JSON object within {@link #MAX_CONTEXT_BYTES}, or a {@link UsageException} for {@code
         * field} that shows an {@code example} object; shared by a run's context and a pulse's data.
         */
        static Map<String, Object> jsonObject(String field, String json, String example) {
            requireWithinLimit(field, json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, "of JSON");
            Object value;
            try {
                value = PlainJson.parse(json);
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        field, "is not valid JSON (" + e.getMessage() + "); pass an object such as " + example);
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new UsageException(
                        field, "must be a JSON object such as " + example + ", not " + PlainJson.typeName(value));
            }
            requireNothingAfter(json, field);
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return object;
        }

        /** A usage error for {@code field} past {@link #MAX_CONTEXT_BYTES}; {@code how}: "of JSON" or "as JSON". */
        static void requireWithinLimit(String field, int bytes, String how) {
            if (bytes > MAX_CONTEXT_BYTES) {
                throw new UsageException(
                        field,
                        "is " + bytes + " bytes " + how + "; the limit is " + MAX_CONTEXT_BYTES
                                + " bytes (64 KiB): send ids and links, not whole documents");
            }
        }

        static void requireNothingAfter(String json, String field) {
            try (com.fasterxml.jackson.core.JsonParser p =
                    new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
                p.nextToken();
                p.skipChildren();
                if (p.nextToken() == null) {
                    return;
                }
            } catch (java.io.IOException e) {
                // text after the object that is not even JSON
            }
            throw new UsageException(
                    field,
                    "has more text after the JSON object; pass exactly one object such as {\"service\":\"api\"}");
        }

        static boolean isLoopback(String host) {
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            if (!host.matches("[0-9.]+") && !host.contains(":")) {
                return false; // never resolve names here: validation must not touch the network
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
    }
}
