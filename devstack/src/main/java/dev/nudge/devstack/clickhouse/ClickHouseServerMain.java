package dev.nudge.devstack.clickhouse;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs a private ClickHouse in the foreground for local runs until this JVM is stopped (SIGTERM stops the server too).
 * Prints {@code CLICKHOUSE READY <httpUrl>} once queries are answered.
 */
@Command(name = "ClickHouseServerMain", mixinStandardHelpOptions = true,
        description = "Runs a private clickhouse-server until this JVM is stopped.")
public final class ClickHouseServerMain implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "18123", paramLabel = "HTTP_PORT", description = "default ${DEFAULT-VALUE}")
    int httpPort;

    @Parameters(index = "1", arity = "0..1", defaultValue = "19000", paramLabel = "TCP_PORT", description = "default ${DEFAULT-VALUE}")
    int tcpPort;

    @Parameters(index = "2", arity = "0..1", defaultValue = ".nudge/clickhouse", paramLabel = "DATA_DIR",
            description = "default ${DEFAULT-VALUE}")
    Path directory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClickHouseServerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ClickHouseServer server = ClickHouseServer.start(httpPort, tcpPort, directory);
        System.out.println("CLICKHOUSE READY " + server.httpUrl());
        // Returns when the server stops: on its own (a crash), or because SIGTERM ran the shutdown hook that stops it.
        int exitCode = server.awaitExit();
        System.out.println("clickhouse-server exited with code " + exitCode);
        return exitCode;
    }
}
