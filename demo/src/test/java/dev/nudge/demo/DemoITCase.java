package dev.nudge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, shrunk: a few simulated days end in the summary and the funnel from ClickHouse. */
class DemoITCase {

    @Test
    void aShortSimulationEndsInASummary(@TempDir Path clickHouseData) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), "--customers", "150", "--days", "3",
                "--clickhouse-http-port", String.valueOf(freePort()), "--clickhouse-tcp-port", String.valueOf(freePort()),
                "--clickhouse-dir", clickHouseData.toString());
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("[5/5] summary", "3/3 days", "The funnel per sequence and step");
        assertThat(output).containsPattern("texts sent +[1-9][0-9,]* \\(([1-9][0-9,]*) received by the Twilio-compatible server\\)");
        assertThat(output).containsPattern("ClickHouse +[1-9][0-9,]* rows in nudge.purchases");
        assertThat(output).contains("demo-roasters");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
