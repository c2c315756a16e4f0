package dev.nudge.devstack.clickhouse;

import java.nio.file.Path;

/**
 * Runs a private ClickHouse in the foreground for local runs until this JVM is stopped (SIGTERM stops the server too).
 * <p>Arguments: {@code [httpPort [tcpPort [dataDir]]]}, defaults 18123, 19000, {@code .nudge/clickhouse}.
 * Prints {@code CLICKHOUSE READY <httpUrl>} once queries are answered.
 */
public final class ClickHouseServerMain {

    private ClickHouseServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int httpPort = args.length > 0 ? Integer.parseInt(args[0]) : 18123;
        int tcpPort = args.length > 1 ? Integer.parseInt(args[1]) : 19000;
        Path directory = Path.of(args.length > 2 ? args[2] : ".nudge/clickhouse");
        ClickHouseServer server = ClickHouseServer.start(httpPort, tcpPort, directory);
        System.out.println("CLICKHOUSE READY " + server.httpUrl());
        // Returns when the server stops: on its own (a crash), or because SIGTERM ran the shutdown hook that stops it.
        int exitCode = server.awaitExit();
        System.out.println("clickhouse-server exited with code " + exitCode);
        System.exit(exitCode);
    }
}
