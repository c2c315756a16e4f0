package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void offATerminalItPrintsPlainLinesEveryTenthOfTheWayWithoutCarriageReturns() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(printed, true, StandardCharsets.UTF_8), 30, false);
        for (int day = 1; day <= 30; day++) {
            bar.show(day, "days");
        }
        bar.finish();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("\r", "\u001b[");
        assertThat(output.lines()).hasSize(11).first().isEqualTo("  1/30 days");
        assertThat(output.lines()).last().isEqualTo("  30/30 days");
    }

    @Test
    void onATerminalItRedrawsOneLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(printed, true, StandardCharsets.UTF_8), 2, true);
        bar.show(1, "days");
        bar.show(2, "days");
        bar.finish();

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("\r  [###############...............] 1/2")
                .endsWith("2/2 days\n");
    }
}
