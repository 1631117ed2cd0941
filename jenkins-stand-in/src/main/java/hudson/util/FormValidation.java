package hudson.util;

import java.io.IOException;

/** Stand-in (test double) of {@code hudson.util.FormValidation}: factories record the kind and message. */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    /** Stand-in (test double) of {@code hudson.util.FormValidation.Kind}. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return of(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return of(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return of(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return of(Kind.ERROR, message);
    }

    public abstract String renderHtml();

    private static FormValidation of(Kind kind, String message) {
        return new FormValidation(kind, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                return message == null ? "" : message;
            }
        };
    }
}
