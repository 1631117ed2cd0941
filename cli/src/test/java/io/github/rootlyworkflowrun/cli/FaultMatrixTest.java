package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: each case injects one fault through the emulator, runs the runner (and through it the core
 * engine) over real HTTP, and checks the outcome, the exit code, the ledger (exactly one run created, or none) and
 * that the token appears in no output.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {
    private static final String TOKEN = TokenScan.secret("fault-matrix-SECRET-9c2e");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WAIT = List.of("--wait", "--poll-interval", "1s", "--timeout", "30s");

    /** One row of the matrix. */
    record Case(
            String name,
            Consumer<RootlyEmulator> fault,
            List<String> args,
            String outcome,
            int exit,
            int runs,
            String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(
            String name,
            Consumer<RootlyEmulator> fault,
            String outcome,
            int exit,
            int runs,
            String says,
            String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.contains("--workflow")) {
            a.addAll(List.of("--workflow", "ok"));
        }
        if (!a.contains("--timeout")) {
            a.addAll(WAIT);
        } else {
            a.addAll(List.of("--wait", "--poll-interval", "1s"));
        }
        return new Case(name, fault, a, outcome, exit, runs, says);
    }

    /** A marker, not a fault: the case runs through an {@link CliTestSupport.AnswerLosingProxy}. */
    private static final Consumer<RootlyEmulator> LOSE_CREATE_ANSWER = e -> {};

    private static Consumer<RootlyEmulator> inject(Fault f) {
        return e -> e.inject(f);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(c(
                "429 with Retry-After on a poll",
                inject(Fault.status("list_runs", 429, 1).withHeaders(Map.of("Retry-After", "1"))),
                "SUCCEEDED",
                0,
                1,
                "Rate limited by Rootly"));
        cases.add(c(
                "429 with X-RateLimit-Reset on a poll",
                e -> e.inject(Fault.status("list_runs", 429, 1)
                        .withHeaders(
                                Map.of("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 1)))),
                "SUCCEEDED",
                0,
                1,
                "Rate limited by Rootly"));
        cases.add(c(
                "429 with RateLimit-Reset on a poll",
                inject(Fault.status("list_runs", 429, 1).withHeaders(Map.of("RateLimit-Reset", "1"))),
                "SUCCEEDED",
                0,
                1,
                "Rate limited by Rootly"));
        cases.add(c(
                "429 on create, retried once",
                inject(Fault.status("create", 429, 1).withHeaders(Map.of("Retry-After", "1"))),
                "SUCCEEDED",
                0,
                1,
                "Rate limited by Rootly"));
        for (int status : List.of(500, 502, 503, 504)) {
            cases.add(c(
                    status + " burst on GET",
                    inject(Fault.status("list_runs", status, 2)),
                    "SUCCEEDED",
                    0,
                    1,
                    "Retrying GET"));
            cases.add(c(
                    status + " on POST, not processed",
                    inject(Fault.status("create", status, 1)),
                    "REJECTED_OR_UNREACHABLE",
                    5,
                    0,
                    "Outcome unknown"));
        }
        cases.add(c(
                "connection dropped before the create was processed",
                inject(Fault.drop("create", "before", 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "Outcome unknown"));
        cases.add(c(
                "connection dropped after the create was processed",
                inject(Fault.drop("create", "after", 1)),
                "SUCCEEDED",
                0,
                1,
                "Found the run created by the ambiguous request"));
        // The create's answer never comes (see AnswerLosingProxy), so the request timeout is the only way out:
        // no race with a slow answer. It is long enough that the answered calls after it never hit it.
        cases.add(c(
                "read timeout after the create was processed",
                LOSE_CREATE_ANSWER,
                "SUCCEEDED",
                0,
                1,
                "Found the run created by the ambiguous request",
                "--request-timeout",
                "5s"));
        cases.add(c(
                "malformed body on create", inject(Fault.malformed("create", 1)), "SUCCEEDED", 0, 1, "Found the run"));
        cases.add(c(
                "malformed body on a poll",
                inject(Fault.malformed("list_runs", 1)),
                "SUCCEEDED",
                0,
                1,
                "unreadable response"));
        cases.add(c(
                "HTML 502 from a proxy on a poll",
                inject(Fault.status("list_runs", 502, 1).asHtml()),
                "SUCCEEDED",
                0,
                1,
                "502 Bad Gateway"));
        cases.add(c(
                "HTML 502 from a proxy on create",
                inject(Fault.status("create", 502, 1).asHtml()),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "Outcome unknown"));
        cases.add(c(
                "401",
                inject(Fault.status("create", 401, 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "check the API token in ROOTLY_API_TOKEN"));
        cases.add(c(
                "403",
                inject(Fault.status("create", 403, 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "may not run workflow"));
        cases.add(c(
                "404",
                e -> {},
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "HTTP 404 Not found or unauthorized",
                "--workflow",
                "00000000-0000-4000-8000-000000000000"));
        cases.add(c(
                "415",
                inject(Fault.status("create", 415, 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "report this as a bug"));
        cases.add(c(
                "422",
                e -> {},
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "Incident conditions are not satisfied",
                "--workflow",
                "guarded",
                "--check-conditions"));
        cases.add(c(
                "a run that disappears from the list",
                e -> {},
                "TIMED_OUT",
                4,
                1,
                "was not in Rootly's list of runs",
                "--workflow",
                "vanishing",
                "--timeout",
                "4s"));
        cases.add(c(
                "a list of 1,000 earlier runs",
                FaultMatrixTest::seedThousandRuns,
                "SUCCEEDED",
                0,
                1001,
                "is completed"));
        // The run stays in the unknown status, so the wait sees it however late its polls come (at the latest in
        // the last check at the deadline), and treats it as still running.
        cases.add(c(
                "an unknown status value",
                e -> {},
                "TIMED_OUT",
                4,
                1,
                "unknown status 'awaiting_approval'",
                "--workflow",
                "odd",
                "--timeout",
                "3s"));
        cases.add(c(
                "a workflow that stays queued past the timeout",
                e -> {},
                "TIMED_OUT",
                4,
                1,
                "still queued after the 3s timeout",
                "--workflow",
                "stuck",
                "--timeout",
                "3s"));
        cases.add(c(
                "server clock 3 minutes ahead, answer lost after create",
                e -> {
                    e.advanceClock(Duration.ofMinutes(3));
                    e.inject(Fault.drop("create", "after", 1));
                },
                "SUCCEEDED",
                0,
                1,
                "Found the run"));
        cases.add(c(
                "server clock 3 minutes behind, answer lost after create",
                e -> {
                    e.advanceClock(Duration.ofMinutes(-3));
                    e.inject(Fault.drop("create", "after", 1));
                },
                "SUCCEEDED",
                0,
                1,
                "Found the run"));
        return cases.stream();
    }

    /** A pulse case: {@code pulse --summary Deploy --service api}, and {@code extra}; {@code pulses} created. */
    private static Case p(
            String name,
            Consumer<RootlyEmulator> fault,
            String outcome,
            int exit,
            int pulses,
            String says,
            String... extra) {
        List<String> a = new ArrayList<>(List.of("pulse", "--summary", "Deploy api", "--service", "api"));
        a.addAll(List.of(extra));
        return new Case(name, fault, a, outcome, exit, pulses, says);
    }

    /** Discovery's arguments: wait for what the pulse triggers, settling quickly. */
    private static final String[] DISCOVER = {
        "--wait-for-triggered", "--settle", "2s", "--poll-interval", "1s", "--timeout", "30s"
    };

    static Stream<Case> pulseCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(p(
                "connection dropped after the create was processed",
                inject(Fault.drop("create_pulse", "after", 1)),
                "CREATED",
                0,
                1,
                "Found the pulse created by the ambiguous request"));
        cases.add(p(
                "read timeout after the create was processed",
                LOSE_CREATE_ANSWER,
                "CREATED",
                0,
                1,
                "Found the pulse created by the ambiguous request",
                "--request-timeout",
                "5s"));
        cases.add(p(
                "connection dropped before the create was processed",
                inject(Fault.drop("create_pulse", "before", 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "Outcome unknown: the pulse create request"));
        cases.add(p(
                "503 on create, not processed",
                inject(Fault.status("create_pulse", 503, 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "Outcome unknown: the pulse create request"));
        cases.add(p(
                "429 on create, retried once",
                inject(Fault.status("create_pulse", 429, 1).withHeaders(Map.of("Retry-After", "1"))),
                "CREATED",
                0,
                1,
                "Rate limited by Rootly"));
        cases.add(p(
                "401 on create",
                inject(Fault.status("create_pulse", 401, 1)),
                "REJECTED_OR_UNREACHABLE",
                5,
                0,
                "check the API token in ROOTLY_API_TOKEN"));
        cases.add(p(
                "503 burst on the services list",
                inject(Fault.status("list_services", 503, 2)),
                "CREATED",
                0,
                1,
                "Retrying GET"));
        cases.add(p(
                "503 burst on the workflow list of discovery",
                inject(Fault.status("list_workflows", 503, 2)),
                "SUCCEEDED",
                0,
                1,
                "Retrying GET",
                DISCOVER));
        cases.add(p(
                "429 on the workflow list of discovery",
                inject(Fault.status("list_workflows", 429, 1).withHeaders(Map.of("Retry-After", "1"))),
                "SUCCEEDED",
                0,
                1,
                "Rate limited by Rootly",
                DISCOVER));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFault(Case c) throws Exception {
        check(c, RootlyEmulator::ledger, "runs created");
    }

    @ParameterizedTest(name = "pulse: {0}")
    @MethodSource("pulseCases")
    void eachPulseFault(Case c) throws Exception {
        check(c, RootlyEmulator::pulses, "pulses created");
    }

    /** Runs one case and checks its outcome, exit code, message and what the ledger shows {@code created}. */
    private static void check(Case c, Function<RootlyEmulator, List<?>> created, String what) throws Exception {
        try (RootlyEmulator emulator = RootlyEmulator.builder()
                        .token(TOKEN)
                        .scenario(scenario())
                        .start();
                CliTestSupport.AnswerLosingProxy proxy = new CliTestSupport.AnswerLosingProxy(emulator.baseUrl())) {
            c.fault().accept(emulator);
            String apiUrl = c.fault() == LOSE_CREATE_ANSWER ? proxy.url() : emulator.baseUrl();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(c.args());
            args.addAll(List.of("--output", "json"));

            int exit = Main.execute(
                    args.toArray(String[]::new),
                    new Environment(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", apiUrl)),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String stdout = TokenScan.capture("stdout", out.toString(StandardCharsets.UTF_8));
            String stderr = TokenScan.capture("stderr", err.toString(StandardCharsets.UTF_8));
            JsonNode result = JSON.readTree(stdout);
            assertThat(result.path("outcome").asText()).as(stderr).isEqualTo(c.outcome());
            assertThat(exit).as(stderr).isEqualTo(c.exit());
            assertThat(created.apply(emulator)).as(what).hasSize(c.runs());
            assertThat(stderr).contains(c.says());
            assertThat(stdout + stderr).doesNotContain(TOKEN);
            if (c.name().startsWith("a list of 1,000")) {
                assertThat(result.path("api_requests").asInt())
                        .as("paged through the earlier runs")
                        .isGreaterThanOrEqualTo(12);
            }
        }
    }

    private static Scenario scenario() {
        try {
            return Scenario.parse(
                    """
                    rateLimit: {limit: 100000}
                    workflows:
                      - {slug: ok, name: OK, steps: [{status: queued, for: 300ms}, {status: started, for: 300ms}, {status: completed}]}
                      - {slug: odd, steps: [{status: queued, for: 300ms}, {status: awaiting_approval}]}
                      - {slug: vanishing, vanishAfter: 500ms, steps: [{status: queued}]}
                      - {slug: stuck, steps: [{status: queued}]}
                      - {slug: guarded, conditionsMet: false}
                    services:
                      - {slug: api, name: API}
                    """);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A thousand earlier runs of the workflow, in the same minute, so the wait must page to find its own. */
    private static void seedThousandRuns(RootlyEmulator emulator) {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{}}}";
        try {
            for (int i = 0; i < 1000; i++) {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/workflows/ok/workflow_runs"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/vnd.api+json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(201);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
