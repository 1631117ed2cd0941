package io.github.rootlyworkflowrun.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fault on outgoing webhooks, an immutable value built with {@link #builder(Kind)}: drop an event, deliver it late
 * (on the emulator's clock), deliver it twice, sign it with the wrong secret, or stamp it with a stale timestamp. It
 * counts the events it sees (of {@link #eventType()}, or all) and fires on every {@link #every()}th of them, for the
 * next {@link #times()} firings (all when unset); every fault that fires on an event applies to it.
 *
 * <pre>{@code
 * WebhookFault.builder(WebhookFault.Kind.DROP).every(2).build()                   // half of all events lost
 * WebhookFault.builder(WebhookFault.Kind.DELAY).delay(Duration.ofSeconds(5)).times(1).build()
 * WebhookFault.builder(WebhookFault.Kind.STALE_TIMESTAMP).eventType("genius_workflow_run.completed").build()
 * }</pre>
 */
public final class WebhookFault {
    /** What the fault does to an event. */
    public enum Kind {
        /** The event is never sent. */
        DROP,
        /** The event is sent {@link #delay()} later on the emulator's clock. */
        DELAY,
        /** The same bytes, signature and all, are sent twice. */
        DUPLICATE,
        /** The signature is an HMAC with another secret. */
        WRONG_SIGNATURE,
        /** The signed timestamp is {@link #staleBy()} in the past, correctly signed. */
        STALE_TIMESTAMP;

        /** The name in scenario files and the control API, e.g. {@code wrong_signature}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind fromKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("webhook fault kind '" + key
                    + "' is not one of drop, delay, duplicate, wrong_signature, stale_timestamp");
        }
    }

    private static final Duration DEFAULT_STALENESS = Duration.ofMinutes(10);

    private final Kind kind;
    private final Integer times;
    private final int every;
    private final Duration delay;
    private final Duration staleBy;
    private final String eventType;

    private WebhookFault(Builder b) {
        this.kind = b.kind;
        this.times = b.times;
        this.every = b.every;
        this.delay = b.delay;
        this.staleBy = b.staleBy;
        this.eventType = b.eventType;
    }

    /** A fault of this kind on every event until configured otherwise. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    public Kind kind() {
        return kind;
    }

    /** How many times it fires; empty for no limit. */
    public OptionalInt times() {
        return times == null ? OptionalInt.empty() : OptionalInt.of(times);
    }

    /** It fires on the {@code every}th, {@code 2 * every}th, ... event it sees; 1 fires on each. */
    public int every() {
        return every;
    }

    /** How late a {@link Kind#DELAY} sends the event; zero for other kinds. */
    public Duration delay() {
        return delay;
    }

    /** How far in the past a {@link Kind#STALE_TIMESTAMP} puts {@code t}; zero for other kinds. */
    public Duration staleBy() {
        return staleBy;
    }

    /** The only event type it sees, e.g. {@code genius_workflow_run.completed}; empty for all. */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** What the delivery log says was done, e.g. {@code drop} or {@code delay 2000ms}. */
    String label() {
        return switch (kind) {
            case DELAY -> "delay " + delay.toMillis() + "ms";
            case STALE_TIMESTAMP -> "stale_timestamp " + staleBy.toSeconds() + "s";
            default -> kind.key();
        };
    }

    /** The scenario-file form (only the settings that are set), as the control API lists it. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.key());
        if (times != null) {
            m.put("times", times);
        }
        if (every != 1) {
            m.put("every", every);
        }
        if (kind == Kind.DELAY) {
            m.put("delay", delay.toMillis() + "ms");
        }
        if (kind == Kind.STALE_TIMESTAMP) {
            m.put("staleBy", staleBy.toMillis() + "ms");
        }
        if (eventType != null) {
            m.put("eventType", eventType);
        }
        return m;
    }

    @Override
    public String toString() {
        return "WebhookFault" + toJson();
    }

    /** Builds a {@link WebhookFault}; each setter checks its value at once, so a mistake names its field. */
    public static final class Builder {
        private final Kind kind;
        private Integer times;
        private int every = 1;
        private Duration delay = Duration.ZERO;
        private Duration staleBy = Duration.ZERO;
        private String eventType;

        private Builder(Kind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("a webhook fault needs a kind");
            }
            this.kind = kind;
            if (kind == Kind.STALE_TIMESTAMP) {
                staleBy = DEFAULT_STALENESS;
            }
        }

        /** Fires this many times, then is spent. */
        public Builder times(int times) {
            if (times < 1) {
                throw new IllegalArgumentException("webhook fault times must be at least 1");
            }
            this.times = times;
            return this;
        }

        /** Fires on every {@code n}th event it sees (2: the 2nd, 4th, ...), a deterministic share of them. */
        public Builder every(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("webhook fault every must be at least 1");
            }
            this.every = n;
            return this;
        }

        /** For {@link Kind#DELAY}: how late, on the emulator's clock. */
        public Builder delay(Duration delay) {
            if (kind != Kind.DELAY) {
                throw new IllegalArgumentException("delay is for webhook faults of kind delay, not " + kind.key());
            }
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("webhook fault delay must be more than zero");
            }
            this.delay = delay;
            return this;
        }

        /** For {@link Kind#STALE_TIMESTAMP}: how far in the past (default 10 minutes). */
        public Builder staleBy(Duration staleBy) {
            if (kind != Kind.STALE_TIMESTAMP) {
                throw new IllegalArgumentException(
                        "staleBy is for webhook faults of kind stale_timestamp, not " + kind.key());
            }
            if (staleBy.isNegative() || staleBy.isZero()) {
                throw new IllegalArgumentException("webhook fault staleBy must be more than zero");
            }
            this.staleBy = staleBy;
            return this;
        }

        /** Sees only events of this type, e.g. {@code genius_workflow_run.completed}. */
        public Builder eventType(String type) {
            if (type != null && !WebhookSender.EVENT_TYPES.contains(type)) {
                throw new IllegalArgumentException(
                        "webhook fault eventType '" + type + "' is not one of " + WebhookSender.EVENT_TYPES);
            }
            this.eventType = type;
            return this;
        }

        public WebhookFault build() {
            if (kind == Kind.DELAY && delay.isZero()) {
                throw new IllegalArgumentException("a webhook fault of kind delay needs a delay, e.g. 2s");
            }
            return new WebhookFault(this);
        }
    }
}
