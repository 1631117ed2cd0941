package io.github.rootlyworkflowrun.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rootly's outgoing webhooks for workflow runs: a signed {@code genius_workflow_run.<status>} event for each status
 * change of each run, as the emulator's clock passes it, with the faults the control API asks for.
 *
 * <p>Two daemon threads, so that no API request waits on the receiver: one watches the clock (every {@value
 * #TICK_MS} ms) and turns status changes into deliveries; the other posts them from a bounded queue, with short
 * timeouts. The secret lives only in the {@link Mac} key; neither it nor the signature is logged.
 */
final class WebhookSender implements AutoCloseable {
    static final List<String> EVENT_TYPES = List.of(
            "genius_workflow_run.queued",
            "genius_workflow_run.started",
            "genius_workflow_run.completed",
            "genius_workflow_run.failed",
            "genius_workflow_run.canceled");

    static final String SIGNATURE_HEADER = "X-Rootly-Signature";
    private static final long TICK_MS = 20;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int LOG_CAPACITY = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final EmulatorState state;
    private final EmulatorClock clock;
    private final URI url;
    private final SecretKeySpec key;
    private final SecretKeySpec wrongKey;
    private final boolean completedWithErrorsAsCompleted;
    private final List<WebhookFault> scenarioFaults;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService ticker;
    private final Thread sender;
    private final BlockingQueue<Send> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

    // Guarded by this.
    private int generation;
    private int seenRuns;
    private long sequence;
    private final List<Tracked> tracked = new ArrayList<>();
    private final PriorityQueue<Delayed> delayed =
            new PriorityQueue<>(Comparator.comparing(Delayed::due).thenComparingLong(Delayed::sequence));
    private final List<ActiveFault> faults = new ArrayList<>();
    private final Deque<RootlyEmulator.WebhookDelivery> log = new ArrayDeque<>();
    private long logged;

    /** A status change to announce: when it happened and the status the run then took. */
    private record Transition(Instant at, String status) {}

    /** A run with the status changes it has not announced yet. */
    private static final class Tracked {
        final EmulatedRun run;
        final List<Transition> transitions;
        int next;

        Tracked(EmulatedRun run) {
            this.run = run;
            this.transitions = transitions(run);
        }
    }

    /** A fault with how many events it has seen and how many firings it has left (null: no limit). */
    private static final class ActiveFault {
        final WebhookFault fault;
        long seen;
        Integer remaining;

        ActiveFault(WebhookFault fault) {
            this.fault = fault;
            this.remaining = fault.times().isPresent() ? fault.times().getAsInt() : null;
        }
    }

    /** One event to deliver, with the faults that apply to it. */
    private record Event(
            int generation,
            String id,
            String type,
            String runId,
            String workflowId,
            String status,
            byte[] body,
            List<WebhookFault> faults) {

        List<String> labels() {
            return faults.stream().map(WebhookFault::label).toList();
        }

        boolean has(WebhookFault.Kind kind) {
            return faults.stream().anyMatch(f -> f.kind() == kind);
        }
    }

    private record Delayed(Instant due, long sequence, Event event) {}

    /** One POST to make: the event, its signature header, and which copy it is (2 for a duplicate). */
    private record Send(Event event, long timestamp, String signature, int copy) {}

    WebhookSender(
            EmulatorState state,
            EmulatorClock clock,
            URI url,
            byte[] secret,
            boolean completedWithErrorsAsCompleted,
            List<WebhookFault> scenarioFaults) {
        this.state = state;
        this.clock = clock;
        this.url = url;
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        byte[] other = new byte[secret.length + 1];
        System.arraycopy(secret, 0, other, 0, secret.length);
        other[secret.length] = '!';
        this.wrongKey = new SecretKeySpec(other, "HmacSHA256");
        this.completedWithErrorsAsCompleted = completedWithErrorsAsCompleted;
        this.scenarioFaults = List.copyOf(scenarioFaults);
        this.faults.addAll(this.scenarioFaults.stream().map(ActiveFault::new).toList());
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor =
                Executors.newCachedThreadPool(r -> daemon(r, "rootly-emulator-webhook-http-" + n.incrementAndGet()));
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(httpExecutor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rootly-emulator-webhook-clock"));
        this.sender = daemon(this::sendLoop, "rootly-emulator-webhook-sender");
        this.generation = state.generation();
        state.onReset(this::reset);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        sender.start();
        ticker.scheduleWithFixedDelay(this::tickQuietly, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    URI url() {
        return url;
    }

    /** The statuses a run takes, with when it takes each, from its workflow's steps (as {@link EmulatedRun#at}). */
    private static List<Transition> transitions(EmulatedRun run) {
        List<Transition> out = new ArrayList<>();
        List<Scenario.Step> steps = run.workflow().steps();
        Instant since = run.createdAt();
        String previous = null;
        for (int i = 0; i < steps.size(); i++) {
            Scenario.Step step = steps.get(i);
            if (!step.status().equals(previous)) {
                out.add(new Transition(since, step.status()));
                previous = step.status();
            }
            if (step.length() == null) {
                break; // held forever
            }
            since = since.plus(step.length());
        }
        return out;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A bug here must not stop the clock thread, which would silently end every later delivery.
            System.err.println("rootly-api-emulator: webhook events: " + e);
        }
    }

    /** Announces every status change the clock has passed, oldest first, and releases delayed events now due. */
    synchronized void tick() {
        Instant now = clock.instant();
        EmulatorState.RunsSince runs = state.runsSince(seenRuns);
        if (runs.generation() != generation) {
            return; // a reset is under way; its listener starts us afresh
        }
        for (EmulatedRun r : runs.runs()) {
            tracked.add(new Tracked(r));
        }
        seenRuns += runs.runs().size();
        List<Map.Entry<Transition, Tracked>> due = new ArrayList<>();
        for (Iterator<Tracked> it = tracked.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            while (t.next < t.transitions.size()
                    && !t.transitions.get(t.next).at().isAfter(now)) {
                due.add(Map.entry(t.transitions.get(t.next++), t));
            }
            if (t.next == t.transitions.size()) {
                it.remove();
            }
        }
        due.sort(Comparator.comparing(e -> e.getKey().at()));
        for (Map.Entry<Transition, Tracked> e : due) {
            announce(e.getValue().run, e.getKey(), now);
        }
        while (!delayed.isEmpty() && !delayed.peek().due().isAfter(now)) {
            dispatch(delayed.poll().event(), now);
        }
    }

    private void announce(EmulatedRun run, Transition transition, Instant now) {
        String status = transition.status();
        String type;
        if (status.equals("completed_with_errors")) {
            if (!completedWithErrorsAsCompleted) {
                return;
            }
            type = "genius_workflow_run.completed";
        } else {
            type = "genius_workflow_run." + status;
            if (!EVENT_TYPES.contains(type)) {
                return; // Rootly has no event for other statuses
            }
        }
        Map<String, Object> event = Json.object();
        String id = UUID.randomUUID().toString();
        event.put("id", id);
        event.put("type", type);
        event.put("issued_at", transition.at().toString());
        Map<String, Object> data = Json.object();
        data.put("id", run.id());
        data.put("genius_workflow_id", run.workflow().id());
        data.put("status", status);
        Map<String, Object> root = Json.object();
        root.put("event", event);
        root.put("data", data);
        byte[] body = Json.write(root).getBytes(StandardCharsets.UTF_8);
        Event e = new Event(generation, id, type, run.id(), run.workflow().id(), status, body, faultsFor(type));
        if (e.has(WebhookFault.Kind.DROP)) {
            record(e, 1, null, null, "dropped by a fault");
            return;
        }
        Duration delay = e.faults().stream()
                .map(WebhookFault::delay)
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        if (delay.isZero()) {
            dispatch(e, now);
        } else {
            delayed.add(new Delayed(now.plus(delay), sequence++, e));
        }
    }

    /** The faults that fire on the next event of this type; each counts the events it sees. */
    private List<WebhookFault> faultsFor(String type) {
        List<WebhookFault> fired = new ArrayList<>();
        for (Iterator<ActiveFault> it = faults.iterator(); it.hasNext(); ) {
            ActiveFault f = it.next();
            if (f.fault.eventType().isPresent() && !f.fault.eventType().get().equals(type)) {
                continue;
            }
            if (++f.seen % f.fault.every() != 0) {
                continue;
            }
            fired.add(f.fault);
            if (f.remaining != null && --f.remaining <= 0) {
                it.remove();
            }
        }
        return fired;
    }

    /** Signs the event as of now and queues it (twice for a duplicate, the same bytes both times). */
    private void dispatch(Event e, Instant now) {
        long t = now.getEpochSecond();
        if (e.has(WebhookFault.Kind.STALE_TIMESTAMP)) {
            Duration staleBy = e.faults().stream()
                    .map(WebhookFault::staleBy)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            t -= staleBy.toSeconds();
        }
        String signature =
                "t=" + t + ",v1=" + sign(e.has(WebhookFault.Kind.WRONG_SIGNATURE) ? wrongKey : key, t, e.body());
        int copies = e.has(WebhookFault.Kind.DUPLICATE) ? 2 : 1;
        for (int copy = 1; copy <= copies; copy++) {
            if (!queue.offer(new Send(e, t, signature, copy))) {
                record(e, copy, t, null, "not sent: the delivery queue is full (" + QUEUE_CAPACITY + ")");
            }
        }
    }

    /** Hex HMAC-SHA256 of the timestamp followed directly by the raw body, as Rootly signs. */
    static String sign(SecretKeySpec key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private void sendLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            Send s;
            try {
                s = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "rootly-api-emulator webhooks")
                    .header(SIGNATURE_HEADER, s.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(s.event().body()))
                    .build();
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                record(s.event(), s.copy(), s.timestamp(), r.statusCode(), null);
            } catch (HttpConnectTimeoutException e) {
                record(
                        s.event(),
                        s.copy(),
                        s.timestamp(),
                        null,
                        "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + "s");
            } catch (HttpTimeoutException e) {
                record(
                        s.event(),
                        s.copy(),
                        s.timestamp(),
                        null,
                        "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
            } catch (IOException e) {
                record(s.event(), s.copy(), s.timestamp(), null, "not delivered: " + describe(e));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    private synchronized void record(Event e, int copy, Long timestamp, Integer httpStatus, String error) {
        if (e.generation() != generation) {
            return; // sent before a reset that forgot it
        }
        if (log.size() == LOG_CAPACITY) {
            log.removeFirst();
        }
        log.addLast(new RootlyEmulator.WebhookDelivery(
                e.id(),
                e.type(),
                e.runId(),
                e.workflowId(),
                e.status(),
                e.labels(),
                copy,
                timestamp,
                httpStatus,
                error));
        logged++;
        notifyAll();
    }

    /** The delivery log, oldest first: one entry per POST made, dropped event or refused send. */
    synchronized List<RootlyEmulator.WebhookDelivery> deliveries() {
        return List.copyOf(log);
    }

    /** Waits until the log has {@code count} entries since start or reset; false if the timeout passes first. */
    synchronized boolean await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (logged < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized void addFaults(List<WebhookFault> more) {
        more.forEach(f -> faults.add(new ActiveFault(f)));
    }

    synchronized void clearFaults() {
        faults.clear();
    }

    synchronized List<WebhookFault> faults() {
        return faults.stream().map(f -> f.fault).toList();
    }

    /** Events waiting for their delay or in the queue. */
    synchronized int pending() {
        return delayed.size() + queue.size();
    }

    /** Forgets runs, deliveries and faults (back to the scenario's), as the emulator's reset does. */
    private synchronized void reset() {
        generation = state.generation();
        seenRuns = 0;
        tracked.clear();
        delayed.clear();
        queue.clear();
        log.clear();
        logged = 0;
        faults.clear();
        scenarioFaults.forEach(f -> faults.add(new ActiveFault(f)));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sender.interrupt();
        httpExecutor.shutdownNow();
    }
}
