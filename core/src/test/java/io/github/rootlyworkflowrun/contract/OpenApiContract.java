package io.github.rootlyworkflowrun.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolverFactory;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Rootly OpenAPI excerpt as a validator. Rootly documents only some error statuses per operation; every other
 * error must still be a JSON:API {@code errors_list}, so each operation gets that as its {@code default} response.
 */
final class OpenApiContract {
    /** Rootly's OpenAPI excerpt, reduced to structure; see src/test/resources/rootly-openapi/README.md. */
    static final String SPEC = "/rootly-openapi/rootly-openapi-excerpt.yaml";

    /** The excerpt with the service and environment look-ups pulses need, reduced the same way. */
    static final String LOOKUPS_SPEC = "/rootly-openapi/rootly-openapi-lookups-excerpt.yaml";

    private final OpenApiInteractionValidator validator;

    private OpenApiContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** The spec text from the test classpath; a missing resource fails the test rather than skipping it. */
    static String specText() throws IOException {
        return specText(SPEC);
    }

    static String specText(String resource) throws IOException {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static OpenApiContract load() throws IOException {
        return load(SPEC);
    }

    /** The validator of one excerpt ({@link #SPEC} or {@link #LOOKUPS_SPEC}). */
    static OpenApiContract load(String resource) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode root = (ObjectNode) yaml.readTree(specText(resource));
        // The {id} parameter is anyOf(uuid string, slug string); the validator cannot read composed parameter
        // schemas and parses the value as JSON. One string schema accepting exactly either branch replaces it.
        ObjectNode schemas = (ObjectNode) root.path("components").path("schemas");
        if (schemas.has("getAlertField_id_parameter")) {
            schemas.putObject("getAlertField_id_parameter")
                    .put("type", "string")
                    .put(
                            "pattern",
                            "^(?:[a-z0-9_-]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");
        }
        if (!schemas.has("errors_list")) {
            // The look-ups excerpt holds no error schemas of its own; Rootly's full document shares the main one's.
            JsonNode main = yaml.readTree(specText(SPEC)).path("components").path("schemas");
            schemas.set("errors_list", main.path("errors_list"));
            schemas.set("errors_list_errors_inner", main.path("errors_list_errors_inner"));
        }
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                ObjectNode responses = (ObjectNode) operation.getValue().path("responses");
                if (!responses.has("default")) {
                    ObjectNode d = responses.putObject("default");
                    d.put("description", "any other error, as a JSON:API errors list");
                    d.putObject("content")
                            .putObject("application/vnd.api+json")
                            .putObject("schema")
                            .put("$ref", "#/components/schemas/errors_list");
                }
            }
        }
        // The validator treats a schema without additionalProperties as closed; OpenAPI leaves it open, and Rootly's
        // own 201 example carries fields (kind, queued_at, relationships) its schema does not list.
        return new OpenApiContract(
                OpenApiInteractionValidator.createForInlineApiSpecification(yaml.writeValueAsString(root))
                        .withLevelResolver(LevelResolverFactory.withAdditionalPropertiesIgnored())
                        .build());
    }

    /** Problems with a request and its response; empty when both conform. */
    String check(Exchange e) {
        return describe(validator.validate(request(e), response(e)));
    }

    /** Problems with the request alone, for answers that come from a test double rather than Rootly's shapes. */
    String checkRequest(Exchange e) {
        return describe(validator.validateRequest(request(e)));
    }

    /** Problems with the response alone, for requests deliberately off-spec (to provoke errors). */
    String checkResponse(Exchange e) {
        Request r = request(e);
        return describe(validator.validateResponse(r.getPath(), r.getMethod(), response(e)));
    }

    private static SimpleRequest request(Exchange e) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(
                e.request().method(), e.request().url().encodedPath());
        e.request().headers().forEach(h -> b.withHeader(h.getFirst(), h.getSecond()));
        for (String name : e.request().url().queryParameterNames()) {
            b.withQueryParam(name, e.request().url().queryParameterValues(name).toArray(String[]::new));
        }
        if (e.requestBody() != null) {
            b.withBody(e.requestBody());
        }
        return b.build();
    }

    private static SimpleResponse response(Exchange e) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(e.status());
        if (e.contentType() != null) {
            b.withContentType(e.contentType());
        }
        return b.withBody(e.responseBody()).build();
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }
}
