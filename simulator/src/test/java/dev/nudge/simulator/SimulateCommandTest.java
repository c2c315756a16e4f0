package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    @Test
    void readsTheCommandLineOverTheDefaults() {
        SimulateCommand command = SimulateCommand.parse("--bootstrap-servers", "localhost:9092", "--seed", "7",
                "--customers", "500", "--days", "10", "--rate", "2500", "--start", "2026-05-01T00:00:00Z",
                "--topic-prefix", "demo.");

        assertThat(command.bootstrapServers).isEqualTo("localhost:9092");
        assertThat(command.config().seed()).isEqualTo(7);
        assertThat(command.config().customers()).isEqualTo(500);
        assertThat(command.config().days()).isEqualTo(10);
        assertThat(command.config().start()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(command.config().brandId()).isEqualTo("acme-coffee");
        assertThat(command.rate).isEqualTo(2500);
        assertThat(command.topicPrefix).isEqualTo("demo.");
        assertThat(command.dryRun).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndBadSizes() {
        assertThatThrownBy(() -> SimulateCommand.parse("--dry-run", "--color", "red")).hasMessageContaining("--color");
        assertThatThrownBy(() -> SimulateCommand.parse("--dry-run", "--seed")).hasMessageContaining("--seed");
        assertThatThrownBy(() -> SimulateCommand.parse("--customers", "0").config()).hasMessageContaining("--customers");
    }

    @Test
    void aDryRunCountsWhatItGenerates() {
        StringWriter out = new StringWriter();
        SimulateCommand.parse("--dry-run", "--customers", "100", "--days", "3").run(new PrintWriter(out, true));

        assertThat(out.toString()).contains("100 customers, 3 days").containsPattern("Generated [\\d,]+ events")
                .contains("CATALOG", "CUSTOMERS", "BROWSE", "PURCHASES");
    }
}
