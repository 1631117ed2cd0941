package io.github.rootlyworkflowrun.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values: {@link java.util.LinkedHashMap}, {@link java.util.ArrayList}, strings, numbers,
 * booleans and null.
 *
 * <p>Built on jackson-jr rather than jackson-databind: the runner reads and writes only such values, and databind's
 * start-up (about a quarter of a second of class loading and introspection on a cold JVM) would be most of the
 * runner's own time. Java beans are deliberately not handled: a value that is not plain JSON is refused, not
 * introspected.
 */
public final class PlainJson {
    private static final JSON JR = JSON.std
            .with(
                    JSON.Feature.PRESERVE_FIELD_ORDERING,
                    JSON.Feature.WRITE_NULL_PROPERTIES,
                    JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            // Plain collections, so values stay serialisable without jackson-jr's own classes (Jenkins persists them).
            .without(
                    JSON.Feature.USE_DEFERRED_MAPS,
                    JSON.Feature.HANDLE_JAVA_BEANS,
                    // Lenient like every mainstream JSON reader: the last duplicate wins.
                    JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private PlainJson() {}

    /** The value of one JSON document; throws {@link IllegalArgumentException} with the parser's words if it is not JSON. */
    public static Object parse(String json) {
        try {
            return JR.anyFrom(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(reason(e), e);
        }
    }

    /** Compact JSON text of a plain value; throws {@link IllegalArgumentException} for anything else. */
    public static String write(Object value) {
        try {
            return JR.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(reason(e), e);
        }
    }

    /**
     * A deep copy of {@code values} as plain JSON values (CharSequences become strings, arrays and collections
     * lists); throws {@link IllegalArgumentException} naming the first key whose value JSON cannot hold.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, ?> values) {
        requirePlain(values, "");
        return (Map<String, Object>) parse(write(values));
    }

    private static void requirePlain(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requirePlain(v, path.isEmpty() ? String.valueOf(k) : path + "." + k));
        } else if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                requirePlain(item, path + "[" + i++ + "]");
            }
        } else if (value instanceof Object[] items) {
            requirePlain(java.util.Arrays.asList(items), path);
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalArgumentException("'" + path + "' is " + value + ", which JSON cannot hold");
        } else if (value != null
                && !(value instanceof CharSequence
                        || value instanceof Number
                        || value instanceof Boolean
                        || value instanceof Enum<?>
                        || value.getClass().isArray())) {
            throw new IllegalArgumentException("'" + path + "' is a "
                    + value.getClass().getName() + "; use strings, numbers, booleans, lists and maps");
        }
    }

    /** The JSON type of a plain value in JSON's words ("object", "array", "string", ...), for error messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "string";
    }

    private static String reason(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
