package dev.nudge.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executes each notebook headless against a real ClickHouse holding the known facts, with Debian's python3 and its
 * {@code python3} kernel (python3-ipykernel, python3-clickhouse-driver), and fails on any cell error.
 */
class NotebooksITCase {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path NOTEBOOKS = AnalystQueries.ROOT.resolve("notebooks");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql")));

    @BeforeAll
    static void load() throws Exception {
        FactsLoader.load(CLICKHOUSE.server(), new Scenario());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequence-performance", "spacing-and-fatigue", "experiment-readout"})
    void runsWithoutErrorsAndDrawsItsPlots(String name) throws Exception {
        Path outputDir = Files.createTempDirectory("notebook-");
        Path log = outputDir.resolve("nbconvert.log");
        ProcessBuilder nbconvert = new ProcessBuilder(PYTHON.toString(), "-m", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.timeout=120", "--output-dir", outputDir.toString(),
                NOTEBOOKS.resolve(name + ".ipynb").toString())
                .directory(NOTEBOOKS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        debianPythonEnvironment(nbconvert.environment());
        Process process = nbconvert.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("nbconvert finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();

        JsonNode executed = JSON.readTree(outputDir.resolve(name + ".ipynb").toFile());
        List<JsonNode> outputs = new ArrayList<>();
        executed.get("cells").forEach(cell -> cell.path("outputs").forEach(outputs::add));
        assertThat(outputs).noneMatch(output -> output.path("output_type").asText().equals("error"));
        assertThat(outputs).anyMatch(output -> output.path("data").has("image/png"));
        assertThat(outputs).anyMatch(output -> output.path("data").has("text/html"));
    }

    @Test
    void notebooksAreStoredWithoutOutputs() throws IOException {
        try (var files = Files.list(NOTEBOOKS)) {
            for (Path notebook : files.filter(f -> f.toString().endsWith(".ipynb")).toList()) {
                JSON.readTree(notebook.toFile()).get("cells").forEach(cell -> {
                    assertThat(cell.path("outputs").size()).as(notebook + " outputs").isZero();
                    assertThat(cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode())
                            .as(notebook + " execution counts").isTrue();
                });
            }
        }
    }

    /** Debian's python and Jupyter, not a pyenv or virtualenv one that may come first on the test's PATH. */
    private static void debianPythonEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(key -> key.startsWith("PYENV") || key.startsWith("PYTHON")
                || key.equals("VIRTUAL_ENV") || key.startsWith("JUPYTER"));
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("NUDGE_CH_HOST", "127.0.0.1");
        environment.put("NUDGE_CH_TCP_PORT", Integer.toString(CLICKHOUSE.server().tcpPort()));
        environment.put("NUDGE_BRAND", AnalystQueries.MARCH.get("brand"));
        environment.put("NUDGE_FROM", AnalystQueries.MARCH.get("from"));
        environment.put("NUDGE_TO", AnalystQueries.MARCH.get("to"));
        // The kernel's debugger warns about frozen modules on every start; it is noise here.
        environment.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }
}
