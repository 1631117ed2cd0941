package io.github.rootlyworkflowrun.webhook;

import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.engine.RunEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Receives Rootly's outgoing webhooks and nudges the engine's waits: the HTTP answers of contract section 9.
 *
 * <p>A webhook is a nudge, never the truth: a valid event for a run the engine waits on makes it list that run's
 * workflow at once, and the listing decides the outcome. So a forged, replayed or lost webhook costs at most one
 * extra poll or a fallback interval. Nothing here blocks on Rootly: the poll runs afterwards on the engine's
 * scheduler.
 */
public final class WebhookInbox {
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);
    /** Receives at once beyond which a webhook is turned away unread, so a flood cannot tie up request threads. */
    static final int MAX_CONCURRENT = 8;
    /** Event ids remembered against replay; with ids bounded in length this keeps the memory to a few megabytes. */
    static final int REMEMBERED_EVENTS = 10_000;

    static final int MAX_ID_LENGTH = 200;
    /** How much of an id or type an answer repeats: enough to recognise it in a log. */
    private static final int SHOWN_LENGTH = 64;

    private static final String RUN_EVENT_PREFIX = "genius_workflow_run.";
    /**
     * Events that report progress short of an end. They poll nothing (no outcome can follow from them); any other
     * run event, including a type Rootly may add, polls at once.
     */
    private static final Set<String> PROGRESS_EVENTS =
            Set.of(RUN_EVENT_PREFIX + "queued", RUN_EVENT_PREFIX + "started");

    private final RunEngine engine;
    private final Clock clock;
    private final Semaphore receiving = new Semaphore(MAX_CONCURRENT);
    private final SeenEvents seen = new SeenEvents(REMEMBERED_EVENTS, REPLAY_WINDOW);

    public WebhookInbox(RunEngine engine, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Answers one webhook. A null or blank {@code secret} means webhooks are off (404); {@code contentLength} is -1
     * when the sender gave none. Reads at most {@link #MAX_BODY_BYTES} + 1 bytes and throws no exception.
     */
    public Answer receive(String secret, String signatureHeader, long contentLength, InputStream body) {
        if (secret == null || secret.isBlank()) {
            return new Answer(404, "Rootly webhooks are off: no webhook secret is configured");
        }
        if (contentLength > MAX_BODY_BYTES) {
            return tooLarge();
        }
        if (!receiving.tryAcquire()) {
            return new Answer(503, "busy: " + MAX_CONCURRENT + " webhooks are being received already; send it again");
        }
        try {
            return verified(WebhookSignature.of(secret), signatureHeader, body);
        } catch (RuntimeException e) {
            // The class only: a message could repeat the body.
            return new Answer(
                    500, "the webhook could not be handled: " + e.getClass().getSimpleName());
        } finally {
            receiving.release();
        }
    }

    private Answer verified(WebhookSignature signature, String header, InputStream in) {
        byte[] body;
        try {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            return new Answer(400, "the body could not be read: " + e.getClass().getSimpleName());
        }
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        WebhookSignature.Verdict verdict = signature.check(header, body, clock.instant());
        if (verdict != WebhookSignature.Verdict.VALID) {
            return new Answer(401, "not accepted: " + verdict.reason);
        }
        Event event;
        try {
            event = Event.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Answer(400, "not a Rootly webhook event: " + e.getMessage());
        }
        String shown = "event " + shown(event.id) + " (" + shown(event.type) + ")";
        if (!seen.firstSighting(event.id, clock.instant())) {
            return new Answer(200, shown + " was received already; ignored");
        }
        if (!event.type.startsWith(RUN_EVENT_PREFIX)) {
            return new Answer(202, shown + " ignored: only " + RUN_EVENT_PREFIX + "* events are used");
        }
        boolean ended = !PROGRESS_EVENTS.contains(event.type);
        if (!engine.nudge(event.runId, ended)) {
            return new Answer(202, shown + " ignored: no wait here knows run " + shown(event.runId));
        }
        return ended
                ? new Answer(202, shown + ": checking run " + shown(event.runId) + " now")
                : new Answer(202, shown + ": noted for run " + shown(event.runId) + "; its end will be checked");
    }

    private static Answer tooLarge() {
        return new Answer(413, "the body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    /** A short, printable form of text from the body: only id-like characters, at most 64 of them. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < SHOWN_LENGTH; i++) {
            char c = text.charAt(i);
            boolean plain = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':';
            b.append(plain ? c : '?');
        }
        return text.length() > SHOWN_LENGTH ? b + "..." : b.toString();
    }

    /**
     * The HTTP status and one printable line to send back as text/plain and to log: it holds no secret, and of the
     * body only a shortened, sanitised event id, type and run id.
     */
    public record Answer(int status, String message) {}

    /** The three fields a webhook is used for; the rest of Rootly's payload is left unread, as the API decides. */
    private record Event(String id, String type, String runId) {
        static Event parse(String json) {
            Object doc;
            try {
                doc = PlainJson.parse(json);
            } catch (IllegalArgumentException e) {
                // Not the parser's words: they may quote the body.
                throw new IllegalArgumentException("the body is not JSON");
            }
            Map<?, ?> root = object(doc, "the body");
            Map<?, ?> event = object(root.get("event"), "event");
            String id = text(event.get("id"), "event.id");
            String type = text(event.get("type"), "event.type");
            text(event.get("issued_at"), "event.issued_at");
            Map<?, ?> data = object(root.get("data"), "data");
            return new Event(id, type, text(data.get("id"), "data.id"));
        }

        private static Map<?, ?> object(Object value, String name) {
            if (value instanceof Map<?, ?> map) {
                return map;
            }
            throw new IllegalArgumentException(name + " is "
                    + (value == null ? "missing" : "a JSON " + PlainJson.typeName(value)) + "; expected an object");
        }

        private static String text(Object value, String name) {
            if (!(value instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException(name + " is "
                        + (value == null
                                ? "missing"
                                : value instanceof String ? "blank" : "a JSON " + PlainJson.typeName(value))
                        + "; expected a string");
            }
            if (s.length() > MAX_ID_LENGTH) {
                throw new IllegalArgumentException(name + " is longer than " + MAX_ID_LENGTH + " characters");
            }
            return s;
        }
    }
}
