package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract section 10 on the built jar, in real time: against a server that rate-limits every list for an hour,
 * never answers it, or pages in a loop, {@code --wait --timeout 10s} ends TIMED_OUT (exit 4) within the timeout
 * plus 2 s of the run's creation, having created one run.
 */
class DeadlineJarIT {
    private static final String TOKEN = "deadline-it-SECRET-4b8f";
    private static final String WORKFLOW = "46a73bd2-22aa-4777-a871-0f853fce9257";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the list endpoint does to the waiting runner. */
    enum Hostile {
        RATE_LIMITED_FOR_AN_HOUR,
        NEVER_ANSWERS,
        PAGING_LOOP
    }

    @TempDir
    Path dir;

    private MockWebServer server;
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicLong createdAtNanos = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Dispatcher rootly(Hostile hostile) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getMethod().equals("POST")) {
                    createdAtNanos.set(System.nanoTime());
                    creates.incrementAndGet();
                    return json(201, "{\"data\": " + run("run-mine", Instant.now()) + "}");
                }
                lists.incrementAndGet();
                return switch (hostile) {
                    case RATE_LIMITED_FOR_AN_HOUR -> new MockResponse.Builder()
                            .code(429)
                            .setHeader("Retry-After", "3600")
                            .body("{\"error\": \"Rate limit exceeded. Try again later.\"}")
                            .build();
                    case NEVER_ANSWERS -> new MockResponse.Builder()
                            .onResponseStart(SocketEffect.Stall.INSTANCE)
                            .build();
                    case PAGING_LOOP -> {
                        int page = Integer.parseInt(request.getUrl().queryParameter("page[number]"));
                        // Page 1 says page 2 is next, page 2 says page 1: ours is on neither.
                        yield json(
                                200,
                                "{\"data\": [" + run("someone-elses-" + page, Instant.now()) + "], \"meta\": "
                                        + "{\"current_page\": " + page + ", \"next_page\": " + (page == 1 ? 2 : 1)
                                        + ", \"total_count\": 300}}");
                    }
                };
            }
        };
    }

    private static String run(String id, Instant createdAt) {
        return "{\"id\": \"" + id + "\", \"type\": \"workflow_runs\", \"attributes\": {\"status\": \"queued\","
                + " \"workflow_id\": \"" + WORKFLOW + "\", \"created_at\": \"" + createdAt + "\"}}";
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/vnd.api+json")
                .body(body)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void waitEndsAtItsTimeoutAgainstAHostileServer(Hostile hostile) throws Exception {
        server.setDispatcher(rootly(hostile));
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                System.getProperty("cli.jar"),
                "--workflow",
                WORKFLOW,
                "--wait",
                "--timeout",
                "10s",
                "--api-url",
                server.url("/").toString(),
                "--output",
                "json"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("ROOTLY_API_TOKEN", TOKEN);
        pb.redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());

        long launched = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
        long ended = System.nanoTime();
        if (!finished) {
            p.destroyForcibly();
        }
        String stderr = Files.readString(dir.resolve("stderr"));
        assertThat(finished).as("the process ended; stderr:%n%s", stderr).isTrue();

        Duration sinceCreate = Duration.ofNanos(ended - createdAtNanos.get());
        Duration sinceLaunch = Duration.ofNanos(ended - launched);
        System.out.printf(
                "%s: ended %d ms after the create, %d ms after launch, %d list requests%n",
                hostile, sinceCreate.toMillis(), sinceLaunch.toMillis(), lists.get());
        assertThat(p.exitValue()).as(stderr).isEqualTo(4);
        JsonNode result = JSON.readTree(Files.readString(dir.resolve("stdout")));
        assertThat(result.path("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(result.path("run_id").asText()).isEqualTo("run-mine");
        assertThat(creates.get()).as("one run created").isEqualTo(1);
        // The timeout counts from the create step, which starts after launch and before the POST arrives: so the
        // POST's arrival bounds the end from above and the launch bounds it from below (the last check starts 1 s
        // before the deadline). On a loaded machine the JVM may take seconds to get from one to the other.
        assertThat(sinceCreate)
                .as("ended within the timeout plus 2 s of the create")
                .isLessThan(TIMEOUT.plusSeconds(2));
        assertThat(sinceLaunch).as("did not end before its last check was due").isGreaterThan(TIMEOUT.minusSeconds(2));
        assertThat(stderr).contains("TIMED_OUT").doesNotContain(TOKEN).doesNotContain("\tat ");
        if (hostile == Hostile.PAGING_LOOP) {
            assertThat(stderr).containsOnlyOnce("list of runs loops");
            assertThat(lists.get()).as("two pages per poll, not 200").isLessThanOrEqualTo(5 * 2);
        } else {
            assertThat(stderr).contains("the last check got no answer");
        }
    }
}
