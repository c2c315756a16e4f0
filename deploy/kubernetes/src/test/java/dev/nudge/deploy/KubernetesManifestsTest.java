package dev.nudge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests besides the FlinkDeployments' schema: each document parses and has what its kind needs, the jobs take
 * their deployment settings (checkpoints, HA, S3) from the manifest, the services are probed on their health
 * endpoints, the ConfigMap holds the repository's tenants and sequences, and every image has a Dockerfile that copies
 * what the build writes.
 */
class KubernetesManifestsTest {

    private static final Pattern PROPERTY = Pattern.compile("<([a-z.]+)>([^<]+)</\\1>");

    @Test
    void everyDocumentHasWhatItsKindNeeds() {
        List<Manifests.Document> all = Manifests.all();
        assertThat(all).extracting(Manifests.Document::kind).contains("FlinkDeployment", "Deployment", "Service",
                "Ingress", "Job", "ConfigMap", "PodDisruptionBudget");
        assertThat(all).allSatisfy(document -> {
            assertThat(document.content().path("apiVersion").asText()).as("apiVersion of %s", document).isNotBlank();
            assertThat(document.name()).as("metadata.name of %s", document).isNotBlank();
        });
        Map<String, JsonNode> deploymentLabels = new HashMap<>();
        for (Manifests.Document deployment : Manifests.ofKind("Deployment")) {
            JsonNode template = deployment.content().path("spec").path("template");
            assertThat(matches(deployment.content().path("spec").path("selector").path("matchLabels"),
                    template.path("metadata").path("labels"))).as("selector of %s", deployment).isTrue();
            deploymentLabels.put(deployment.name(), template.path("metadata").path("labels"));
            assertThat(template.path("spec").path("containers")).isNotEmpty().allSatisfy(container -> {
                Set<String> ports = names(container.path("ports"));
                assertThat(container.path("image").asText()).isNotBlank();
                assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
                assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                        .as("liveness probe of %s", deployment).isEqualTo("/health/live");
                assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                        .as("readiness probe of %s", deployment).isEqualTo("/health/ready");
                assertThat(ports).contains(container.path("livenessProbe").path("httpGet").path("port").asText(),
                        container.path("readinessProbe").path("httpGet").path("port").asText());
            });
        }
        List<Manifests.Document> services = Manifests.ofKind("Service");
        assertThat(services).allSatisfy(service -> assertThat(deploymentLabels.values())
                .anyMatch(labels -> matches(service.content().path("spec").path("selector"), labels)));
        Set<String> serviceNames = services.stream().map(Manifests.Document::name).collect(Collectors.toSet());
        assertThat(Manifests.ofKind("Ingress")).isNotEmpty().allSatisfy(ingress -> {
            JsonNode spec = ingress.content().path("spec");
            assertThat(spec.path("tls")).as("TLS of %s", ingress).isNotEmpty().allSatisfy(tls ->
                    assertThat(tls.path("secretName").asText()).isNotBlank());
            Set<String> tlsHosts = new HashSet<>();
            spec.path("tls").forEach(tls -> tls.path("hosts").forEach(host -> tlsHosts.add(host.asText())));
            assertThat(spec.path("rules")).isNotEmpty().allSatisfy(rule -> {
                assertThat(tlsHosts).as("TLS for host of %s", ingress).contains(rule.path("host").asText());
                rule.path("http").path("paths").forEach(path -> assertThat(serviceNames)
                        .contains(path.path("backend").path("service").path("name").asText()));
            });
        });
        assertThat(Manifests.ofKind("PodDisruptionBudget")).isNotEmpty().allSatisfy(budget -> {
            JsonNode spec = budget.content().path("spec");
            assertThat(spec.has("minAvailable") || spec.has("maxUnavailable")).as("budget of %s", budget).isTrue();
            assertThat(deploymentLabels.values()).as("pods of %s", budget)
                    .anyMatch(labels -> matches(spec.path("selector").path("matchLabels"), labels));
        });
        assertThat(Manifests.ofKind("Job")).extracting(Manifests.Document::name)
                .contains("nudge-clickhouse-migrations");
        assertThat(Manifests.ofKind("Job")).allSatisfy(job -> {
            JsonNode pod = job.content().path("spec").path("template").path("spec");
            assertThat(pod.path("restartPolicy").asText()).isIn("OnFailure", "Never");
            assertThat(pod.path("containers")).isNotEmpty()
                    .allSatisfy(container -> assertThat(container.path("image").asText()).isNotBlank());
        });
        assertThat(Manifests.ofKind("ConfigMap")).allSatisfy(map ->
                assertThat(map.content().path("data")).as("data of %s", map).isNotEmpty());
    }

    @Test
    void theJobsTakeCheckpointsHighAvailabilityAndS3FromTheManifest() {
        assertThat(Manifests.ofKind("FlinkDeployment")).allSatisfy(deployment -> {
            JsonNode spec = deployment.content().path("spec");
            JsonNode flink = spec.path("flinkConfiguration");
            assertThat(flink.path("execution.checkpointing.interval").asText()).as("interval of %s", deployment)
                    .isNotBlank();
            assertThat(texts(spec.path("job").path("args"))).as("the job leaves the interval to the configuration")
                    .doesNotContain("--checkpoint-interval");
            assertThat(flink.path("state.backend.type").asText()).isEqualTo("rocksdb");
            assertThat(flink.path("high-availability.type").asText()).isEqualTo("kubernetes");
            assertThat(flink.path("high-availability.storageDir").asText()).startsWith("s3://");
            assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
            assertThat(flink.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
            assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
            for (String component : List.of("jobManager", "taskManager")) {
                assertThat(spec.path(component).path("resource").path("memory").asText()).isNotBlank();
                assertThat(spec.path(component).path("resource").path("cpu").asDouble()).isPositive();
            }
            Map<String, JsonNode> env = new HashMap<>();
            spec.path("podTemplate").path("spec").path("containers").forEach(container ->
                    container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable)));
            assertThat(env.get("ENABLE_BUILT_IN_PLUGINS").path("value").asText()).contains("flink-s3-fs");
            assertThat(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")).allSatisfy(name ->
                    assertThat(env.get(name).path("valueFrom").path("secretKeyRef").path("name").asText())
                            .as("%s of %s from a secret", name, deployment).isNotBlank());
        });
    }

    @Test
    void theConfigMapHoldsTheRepositorysTenantsAndSequences() throws IOException {
        Map<String, JsonNode> maps = Manifests.ofKind("ConfigMap").stream()
                .collect(Collectors.toMap(Manifests.Document::name, map -> map.content().path("data")));
        assertThat(maps.get("nudge-config").path("tenants.yaml").asText())
                .isEqualTo(Files.readString(Manifests.ROOT.resolve("deploy/tenants.example.yaml")));
        Map<String, String> sequences = new HashMap<>();
        try (Stream<Path> files = Files.list(Manifests.ROOT.resolve("sequences"))) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml")).toList()) {
                sequences.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        Map<String, String> inMap = new HashMap<>();
        maps.get("nudge-sequences").fields().forEachRemaining(entry -> inMap.put(entry.getKey(), entry.getValue().asText()));
        assertThat(inMap).isEqualTo(sequences);
    }

    @Test
    void everyImageHasADockerfileThatCopiesWhatTheBuildWrites() throws IOException {
        String flinkVersion = pomProperties(Manifests.ROOT.resolve("pom.xml")).get("flink.version");
        Set<String> images = new TreeSet<>();
        for (Manifests.Document document : Manifests.all()) {
            collectImages(document.content(), images);
        }
        assertThat(images).contains("nudge/sequencer", "nudge/analytics", "nudge/dispatcher", "nudge/webhooks",
                "nudge/migrations");
        for (String image : images) {
            String name = image.substring("nudge/".length());
            Path dockerfile = Manifests.ROOT.resolve("deploy/docker/" + name + ".Dockerfile");
            assertThat(dockerfile).as("Dockerfile of %s", image).exists();
            String text = Files.readString(dockerfile);
            Matcher copy = Pattern.compile("COPY (?:--chown=\\S+ )?jobs/([a-z]+)/target/nudge-\\1-\\$\\{NUDGE_VERSION}-([a-z]+)\\.jar (\\S+)")
                    .matcher(text);
            assertThat(copy.find()).as("%s copies a jar the build writes", dockerfile).isTrue();
            Map<String, String> module = pomProperties(Manifests.ROOT.resolve("jobs/" + copy.group(1) + "/pom.xml"));
            assertThat(copy.group(2)).as("classifier in %s", dockerfile).isEqualTo(module.get("nudge.dist.classifier"));
            if (copy.group(2).equals("job")) {
                assertThat(text).contains("FROM flink:" + flinkVersion + "-java17");
                Manifests.Document deployment = Manifests.ofKind("FlinkDeployment").stream()
                        .filter(d -> d.content().path("spec").path("image").asText().startsWith(image + ":"))
                        .findFirst().orElseThrow();
                JsonNode job = deployment.content().path("spec").path("job");
                assertThat(job.path("jarURI").asText()).isEqualTo("local://" + copy.group(3));
                assertThat(job.path("entryClass").asText()).isEqualTo(module.get("nudge.main.class"));
            } else {
                assertThat(text).contains("FROM eclipse-temurin:17-jre");
            }
        }
    }

    private static void collectImages(JsonNode node, Set<String> images) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("image") && field.getValue().isTextual()) {
                    images.add(field.getValue().asText().replaceAll(":[^:/]+$", ""));
                } else {
                    collectImages(field.getValue(), images);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectImages(element, images));
        }
    }

    private static Map<String, String> pomProperties(Path pom) throws IOException {
        Map<String, String> properties = new HashMap<>();
        Matcher matcher = PROPERTY.matcher(Files.readString(pom));
        while (matcher.find()) {
            properties.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return properties;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        List<Boolean> each = new ArrayList<>();
        selector.fields().forEachRemaining(entry -> each.add(entry.getValue().equals(labels.path(entry.getKey()))));
        return !each.isEmpty() && !each.contains(false);
    }

    private static Set<String> names(JsonNode ports) {
        return StreamSupport.stream(ports.spliterator(), false).flatMap(port ->
                Stream.of(port.path("name").asText(), port.path("containerPort").asText())).collect(Collectors.toSet());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
