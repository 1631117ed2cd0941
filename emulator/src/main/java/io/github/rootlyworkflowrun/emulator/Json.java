package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON (and, given a YAML factory, YAML) as plain values: maps, lists, strings, numbers, booleans and null.
 *
 * <p>jackson-jr, not databind: the runner embeds this emulator for its {@code demo} and already carries jackson-jr,
 * while databind (and the YAML stack) would add megabytes to its jar and a quarter second to a cold start.
 */
final class Json {
    private static final JSON JR = json(new JsonFactory());

    private Json() {}

    static JSON json(JsonFactory factory) {
        return JSON.builder(factory)
                .build()
                .with(JSON.Feature.PRESERVE_FIELD_ORDERING, JSON.Feature.WRITE_NULL_PROPERTIES)
                .without(JSON.Feature.USE_DEFERRED_MAPS, JSON.Feature.HANDLE_JAVA_BEANS);
    }

    /** The value of one JSON document; {@link IOException} with the parser's first line if it is not JSON. */
    static Object parse(byte[] json) throws IOException {
        return read(JR, json);
    }

    static Object read(JSON format, byte[] text) throws IOException {
        try {
            return format.anyFrom(text);
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
            String first = m.lines().findFirst().orElse(m);
            var at = e.getLocation();
            throw new IOException(
                    at == null || at.getLineNr() < 1
                            ? first
                            : first + " at line " + at.getLineNr() + ", column " + at.getColumnNr(),
                    e);
        }
    }

    /** Compact JSON text of a plain value. */
    static String write(Object value) {
        try {
            return JR.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("not a plain JSON value: " + e.getMessage(), e);
        }
    }

    /** A new, ordered JSON object. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }
}
