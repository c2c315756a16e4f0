package dev.nudge.devstack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The parts of Flink's REST API that deploy and operate a job: upload a job jar, run it (from a savepoint or not),
 * watch its tasks and checkpoints, stop it with a savepoint, cancel it.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(URI base) {
        this.base = base;
    }

    /** Uploads a job jar ({@code POST /jars/upload}) and returns its id on the cluster. */
    public String uploadJar(Path jar) {
        String boundary = "nudge-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        return Path.of(answer.path("filename").asText()).getFileName().toString();
    }

    /** Runs an uploaded jar's main class with these arguments ({@code POST /jars/:id/run}); returns the job id. */
    public String run(String jarId, List<String> args, String savepointPath) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("programArgsList").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** The job's details ({@code GET /jobs/:id}): state, vertices with their task counts. */
    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** The job's checkpoint statistics ({@code GET /jobs/:id/checkpoints}). */
    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** The job's checkpointing settings ({@code GET /jobs/:id/checkpoints/config}): interval, mode, ... */
    public JsonNode checkpointConfig(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints/config");
    }

    /** The id of the newest completed checkpoint, 0 before the first. */
    public long lastCompletedCheckpoint(String jobId) {
        return checkpoints(jobId).path("latest").path("completed").path("id").asLong(0);
    }

    /**
     * Whether the job runs with every task running. While a restarted job waits for slots its state is already
     * RUNNING, so the task counts are what tell.
     */
    public boolean allTasksRunning(String jobId) {
        JsonNode job = job(jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        JsonNode tasks = job.path("status-counts");
        int total = 0;
        for (JsonNode vertex : job.path("vertices")) {
            total += vertex.path("parallelism").asInt();
        }
        return total > 0 && tasks.path("RUNNING").asInt() == total;
    }

    /** Waits until every task of the job runs. */
    public void awaitAllTasksRunning(String jobId, Duration timeout) {
        awaitJob(jobId, timeout, "every task of job " + jobId + " running", () -> allTasksRunning(jobId));
    }

    /** The TaskManagers ({@code taskmanager-1} ...) running subtasks of the job's vertex with this name. */
    public Set<String> taskManagersOf(String jobId, String vertexName) {
        JsonNode vertex = StreamSupport.stream(job(jobId).path("vertices").spliterator(), false)
                .filter(v -> v.path("name").asText().contains(vertexName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + jobId + " has no vertex named " + vertexName));
        JsonNode taskManagers = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers");
        return StreamSupport.stream(taskManagers.path("taskmanagers").spliterator(), false)
                .filter(tm -> tm.path("status").asText().equals("RUNNING"))
                .map(tm -> tm.path("taskmanager-id").asText()).collect(Collectors.toSet());
    }

    /** Stops the job with a savepoint into {@code directory} (no drain: timers stay pending); returns its path. */
    public String stopWithSavepoint(String jobId, Path directory, Duration timeout) {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory.toUri().toString());
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        JsonNode[] result = new JsonNode[1];
        awaitJob(jobId, timeout, "the savepoint of job " + jobId, () -> {
            result[0] = get("/jobs/" + jobId + "/savepoints/" + trigger);
            return result[0].path("status").path("id").asText().equals("COMPLETED");
        });
        JsonNode operation = result[0].path("operation");
        if (operation.has("failure-cause")) {
            throw new IllegalStateException("stop with savepoint failed: " + operation.path("failure-cause"));
        }
        return operation.path("location").asText();
    }

    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** The jobs the cluster knows and their states ({@code GET /jobs/overview}). */
    public JsonNode jobs() {
        return get("/jobs/overview");
    }

    private void awaitJob(String jobId, Duration timeout, String what, java.util.function.BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            String state = job(jobId).path("state").asText();
            if (state.equals("FAILED")) {
                throw new AssertionError("job " + jobId + " failed while waiting for " + what + ": "
                        + get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries"));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; job " + state);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Flink REST " + response.request().method() + " "
                        + response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST call failed: " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling Flink's REST API", e);
        }
    }
}
