package io.github.rootlyworkflowrun.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer a {@link Dispatcher} chose: status, content type, body and extra headers. */
public record Answer(int status, String contentType, String body, Map<String, String> headers) {
    /** Rootly's media type, JSON:API. */
    public static final String JSON_API = "application/vnd.api+json";

    public Answer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status from 100 to 599, not " + status);
        }
        contentType = contentType == null ? JSON_API : contentType;
        body = body == null ? "" : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A JSON:API document, e.g. {@code Answer.json(200, "{\"data\":[]}")}. */
    public static Answer json(int status, String json) {
        return new Answer(status, JSON_API, json, Map.of());
    }

    /** A JSON:API error document as Rootly sends it: {@code {"errors":[{"title","status","detail"}]}}. */
    public static Answer error(int status, String title, String detail) {
        return json(status, Json.write(JsonApiWriter.error(status, title, detail)));
    }

    /** This answer with one more header (replacing one of the same name). */
    public Answer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Answer(status, contentType, body, h);
    }

    Answer withHeaders(Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(extra);
        return new Answer(status, contentType, body, h);
    }

    Answer withBody(String newBody) {
        return new Answer(status, contentType, newBody, headers);
    }
}
