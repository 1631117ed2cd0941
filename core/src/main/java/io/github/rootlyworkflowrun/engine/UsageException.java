package io.github.rootlyworkflowrun.engine;

import java.util.function.UnaryOperator;

/**
 * Bad input or configuration, found before anything is sent to Rootly. It names the field by its canonical
 * (Jenkins step parameter) name; each front end renames it to its own spelling, e.g. {@code --poll-interval}.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public UsageException(String field, String problem) {
        super(field + ": " + oneLine(problem));
        this.field = field;
    }

    /** Problems quote the input; its control characters are escaped so that the message stays on one line. */
    private static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c)
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    public String field() {
        return field;
    }

    /** The problem and its fix, without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }

    /** One line naming the field as the front end spells it. */
    public String message(UnaryOperator<String> fieldName) {
        return fieldName.apply(field) + ": " + problem();
    }
}
