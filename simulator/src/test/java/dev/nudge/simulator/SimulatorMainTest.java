package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.nudge.simulator.SimulatorMain.Options;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void parsesTheCommandLineOverTheDefaults() {
        Options options = Options.parse("--bootstrap-servers", "localhost:9092", "--seed", "7", "--customers", "500",
                "--days", "10", "--rate", "2500", "--start", "2026-05-01T00:00:00Z", "--topic-prefix", "demo.");

        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.config().seed()).isEqualTo(7);
        assertThat(options.config().customers()).isEqualTo(500);
        assertThat(options.config().days()).isEqualTo(10);
        assertThat(options.config().start()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(options.config().brandId()).isEqualTo("acme-coffee");
        assertThat(options.rate()).isEqualTo(2500);
        assertThat(options.topicPrefix()).isEqualTo("demo.");
        assertThat(options.dryRun()).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndAMissingBroker() {
        assertThatThrownBy(() -> Options.parse("--customers", "5")).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> Options.parse("--dry-run", "--color", "red")).hasMessageContaining("--color");
        assertThatThrownBy(() -> Options.parse("--dry-run", "--seed")).hasMessageContaining("needs a value");
    }

    @Test
    void aDryRunCountsWhatItGenerates() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatorMain.run(Options.parse("--dry-run", "--customers", "100", "--days", "3"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("100 customers, 3 days").containsPattern("Generated [\\d,]+ events")
                .contains("CATALOG", "CUSTOMERS", "BROWSE", "PURCHASES");
    }
}
