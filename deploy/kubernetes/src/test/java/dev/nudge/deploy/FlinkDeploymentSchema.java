package dev.nudge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The Flink Kubernetes Operator's schema of a FlinkDeployment (its CRD's {@code openAPIV3Schema}), made strict: the
 * CRD lets the API server prune unknown fields silently, so every object the CRD describes with {@code properties}
 * is closed here ({@code additionalProperties: false}) unless it says to keep unknown fields
 * ({@code x-kubernetes-preserve-unknown-fields}, e.g. {@code flinkConfiguration}). A misspelt or misplaced field then
 * fails the build instead of vanishing on apply.
 */
final class FlinkDeploymentSchema {

    /** Where CI has the operator's CRD: next to the repository, in ../shared. */
    static final Path CRD = Manifests.ROOT.resolve("../shared/flink-operator-crd/flinkdeployments.flink.apache.org-v1.yml")
            .normalize();

    private final JsonSchema schema;

    private FlinkDeploymentSchema(JsonSchema schema) {
        this.schema = schema;
    }

    static FlinkDeploymentSchema load(String version) {
        JsonNode crd;
        try {
            crd = Manifests.YAML.readTree(CRD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operator's CRD at " + CRD, e);
        }
        JsonNode versionNode = StreamSupport.stream(crd.path("spec").path("versions").spliterator(), false)
                .filter(v -> v.path("name").asText().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the CRD has no version " + version));
        ObjectNode openApi = versionNode.path("schema").path("openAPIV3Schema").deepCopy();
        // The API server checks these on every object; the CRD leaves them out.
        ObjectNode properties = (ObjectNode) openApi.path("properties");
        properties.set("apiVersion", JsonNodeFactory.instance.objectNode().put("type", "string"));
        properties.set("kind", JsonNodeFactory.instance.objectNode().put("type", "string"));
        properties.set("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
        close(openApi);
        return new FlinkDeploymentSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi));
    }

    /** What is wrong with a FlinkDeployment document; empty when it matches. */
    Set<ValidationMessage> validate(JsonNode flinkDeployment) {
        return schema.validate(flinkDeployment);
    }

    /** Closes every described object, walking the schema keywords that hold schemas. */
    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return;
        }
        if (node.has("properties") && !node.has("additionalProperties")
                && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            node.put("additionalProperties", false);
        }
        node.path("properties").forEach(FlinkDeploymentSchema::close);
        close(node.path("items"));
        close(node.path("additionalProperties"));
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            node.path(combinator).forEach(FlinkDeploymentSchema::close);
        }
    }
}
