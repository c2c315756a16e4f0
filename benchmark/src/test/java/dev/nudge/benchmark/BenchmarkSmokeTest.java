package dev.nudge.benchmark;

import dev.nudge.cli.BenchOptions.StateBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's quick mode on tiny sizes, so that it cannot rot: every figure is there and measured. */
class BenchmarkSmokeTest {

    @Test
    void quickModeMeasuresEveryFigureOnBothBackends(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Figure> figures = BenchmarkMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
                "--quick", "--customers", "200", "--days", "7", "--latency-seconds", "2", "--state-customers", "300",
                "--sink-rows", "300", "--no-plot", "--out", out.toString());

        assertThat(figures).hasSize(5 * StateBackend.values().length);
        for (StateBackend backend : StateBackend.values()) {
            assertThat(figures.stream().filter(figure -> figure.backend() == backend).map(Figure::name))
                    .anyMatch(name -> name.startsWith("events/s"))
                    .anyMatch(name -> name.startsWith("state bytes per customer"))
                    .anyMatch(name -> name.startsWith("timer lateness p99"))
                    .anyMatch(name -> name.startsWith("decision latency p99"))
                    .anyMatch(name -> name.startsWith("ClickHouse rows/s"));
        }
        assertThat(figures).allSatisfy(figure -> {
            assertThat(figure.nudge()).as(figure.name() + " on " + figure.backend()).isPositive().isFinite();
            assertThat(figure.baseline()).as(figure.name() + " baseline on " + figure.backend()).isPositive().isFinite();
        });
        String table = Files.readString(out.resolve("results.md"));
        assertThat(table.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| figure"))).hasSize(figures.size());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(table.lines().findFirst().orElseThrow());
    }
}
