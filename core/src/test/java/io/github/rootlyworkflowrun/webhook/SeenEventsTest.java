package io.github.rootlyworkflowrun.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replay memory: bounded in count, oldest dropped first, and forgetting by the clock. */
class SeenEventsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void remembersAnIdForTheWindowAndNoLonger() {
        SeenEvents seen = new SeenEvents(10, Duration.ofMinutes(10));

        assertThat(seen.firstSighting("a", T0)).isTrue();
        assertThat(seen.firstSighting("a", T0.plusSeconds(1))).isFalse();
        assertThat(seen.firstSighting("a", T0.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(seen.firstSighting("a", T0.plus(Duration.ofMinutes(10)).plusMillis(1)))
                .isTrue();
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        SeenEvents seen = new SeenEvents(3, Duration.ofMinutes(10));
        for (String id : new String[] {"a", "b", "c", "d"}) {
            assertThat(seen.firstSighting(id, T0)).isTrue();
        }

        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.firstSighting("d", T0)).isFalse();
        assertThat(seen.firstSighting("b", T0)).isFalse();
        assertThat(seen.firstSighting("a", T0)).as("dropped for room").isTrue();
    }

    @Test
    void expiredIdsAreDroppedAsTimeGoesOn() {
        SeenEvents seen = new SeenEvents(100, Duration.ofMinutes(10));
        for (int i = 0; i < 50; i++) {
            seen.firstSighting("early-" + i, T0);
        }
        seen.firstSighting("later", T0.plus(Duration.ofMinutes(5)));

        seen.firstSighting("now", T0.plus(Duration.ofMinutes(11)));

        assertThat(seen.size()).isEqualTo(2);
    }

    @Test
    void theInboxRemembersTenThousandIdsForTenMinutes() {
        assertThat(WebhookInbox.REMEMBERED_EVENTS).isEqualTo(10_000);
        assertThat(WebhookInbox.REPLAY_WINDOW)
                .as(
                        "at least twice the signature tolerance, so no signed event can be replayed once its id has expired")
                .isGreaterThanOrEqualTo(WebhookSignature.TOLERANCE.multipliedBy(2));
    }
}
