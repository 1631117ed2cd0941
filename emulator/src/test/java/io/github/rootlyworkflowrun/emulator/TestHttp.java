package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small client of one emulator over a real socket, for the pulse and webhook tests. */
final class TestHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_API = "application/vnd.api+json";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RootlyEmulator emulator;
    private final String token;

    TestHttp(RootlyEmulator emulator, String token) {
        this.emulator = emulator;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path) throws IOException {
        return send("GET", path, null, "Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path, String body) throws IOException {
        return send("POST", path, body, "Authorization", "Bearer " + token, "Content-Type", JSON_API);
    }

    /** {@code POST /v1/pulses} with these attributes (JSON object members, without braces). */
    HttpResponse<String> createPulse(String attributes) throws IOException {
        return post("/v1/pulses", "{\"data\":{\"type\":\"pulses\",\"attributes\":{" + attributes + "}}}");
    }

    /** The id of a pulse created with these attributes; fails unless the emulator answers 201. */
    String pulse(String attributes) throws IOException {
        HttpResponse<String> r = createPulse(attributes);
        if (r.statusCode() != 201) {
            throw new AssertionError("pulse not created: " + r.statusCode() + " " + r.body());
        }
        return json(r).path("data").path("id").asText();
    }

    HttpResponse<String> createRun(String workflow, String attributes) throws IOException {
        return post(
                "/v1/workflows/" + workflow + "/workflow_runs",
                "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{" + attributes + "}}}");
    }

    /** The control API, which needs no token. */
    JsonNode control(String method, String what, String body) throws IOException {
        HttpResponse<String> r = send(method, "/_emulator/" + what, body);
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    /** A query parameter, encoded as a client would send it. */
    static String q(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
