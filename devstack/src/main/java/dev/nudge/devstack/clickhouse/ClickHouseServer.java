package dev.nudge.devstack.clickhouse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private {@code clickhouse-server} process on loopback ports, with its own config and a folder that holds
 * everything it writes (data, logs, temp files). Queries go over the HTTP interface.
 *
 * <p>{@link #start()} is for tests: free ports and a temp folder that {@link #close()} deletes.
 * {@link #start(int, int, Path)} is for local runs: fixed ports and a folder that outlives the process.
 */
public final class ClickHouseServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    private static final int START_ATTEMPTS_ON_PORT_CLASH = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

    private final Process process;
    private final int httpPort;
    private final int tcpPort;
    private final int httpsPort;
    private final Path directory;
    private final boolean temporary;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread stopOnJvmExit = new Thread(this::close, "clickhouse-server-shutdown");
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClickHouseServer(Process process, int httpPort, int tcpPort, int httpsPort, Path directory,
                             boolean temporary) {
        this.process = process;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.httpsPort = httpsPort;
        this.directory = directory;
        this.temporary = temporary;
    }

    /** Starts a server on free loopback ports in a new temp folder; {@link #close()} deletes the folder. */
    public static ClickHouseServer start() {
        return start(ClickHouseConfig.Additions.NONE);
    }

    /**
     * Like {@link #start()}, with one more user who must give {@code password} (the passwordless {@code default}
     * user stays, for the test's own queries).
     */
    public static ClickHouseServer startWithUser(String user, String password) {
        return start(ClickHouseConfig.Additions.NONE.withUser(user, password));
    }

    /**
     * Like {@link #startWithUser}, with an HTTPS listener ({@link #httpsUrl()}) that presents {@code certificate}
     * with {@code privateKey} (PEM files).
     */
    public static ClickHouseServer startWithTls(String user, String password, Path certificate, Path privateKey) {
        requireBinary();
        return retryingOnPortClash(() -> {
            int[] ports = freePorts(4);
            return launchTemporary(ports[0], ports[1], ports[2], ClickHouseConfig.Additions.NONE
                    .withUser(user, password).withTls(ports[3], certificate, privateKey));
        });
    }

    static ClickHouseServer start(ClickHouseConfig.Additions additions) {
        requireBinary();
        return retryingOnPortClash(() -> {
            int[] ports = freePorts(3);
            return launchTemporary(ports[0], ports[1], ports[2], additions);
        });
    }

    /** Runs {@code start} again (it picks fresh ports) while it fails because another process took a probed port. */
    static <T> T retryingOnPortClash(Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (ClickHouseStartException e) {
                if (!e.portClash() || attempt == START_ATTEMPTS_ON_PORT_CLASH) {
                    throw e;
                }
                LOG.warn("ClickHouse lost a port race, retrying on new ports: {}", e.getMessage());
            }
        }
    }

    /** A server in a new temp folder on the given ports; the folder is deleted if it fails to start. */
    static ClickHouseServer launchTemporary(int httpPort, int tcpPort, int interserverPort,
                                            ClickHouseConfig.Additions additions) {
        Path directory = createTempDirectory();
        try {
            return launch(httpPort, tcpPort, interserverPort, directory, true, additions);
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /** Starts a server on fixed loopback ports whose data stays in {@code directory} across restarts. */
    public static ClickHouseServer start(int httpPort, int tcpPort, Path directory) {
        requireBinary();
        requirePortFree(httpPort);
        requirePortFree(tcpPort);
        return launch(httpPort, tcpPort, freePorts(1)[0], directory.toAbsolutePath(), false,
                ClickHouseConfig.Additions.NONE);
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The TLS listener of a server started with {@link #startWithTls}. */
    public String httpsUrl() {
        if (httpsPort == 0) {
            throw new IllegalStateException("This server has no TLS listener: start it with startWithTls");
        }
        return "https://127.0.0.1:" + httpsPort;
    }

    public String jdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + httpPort + "/default";
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** The folder holding config, data and logs. */
    public Path directory() {
        return directory;
    }

    /** Runs a query over HTTP and returns the response body; throws with ClickHouse's error text on failure. */
    public String query(String sql) {
        return post("", sql);
    }

    /**
     * Runs a SELECT (without a FORMAT clause) and returns its rows, column name to JSON value. 64-bit integers come
     * back as numbers, DateTime as {@code "yyyy-MM-dd HH:mm:ss"} in UTC.
     */
    public List<Map<String, Object>> queryJsonEachRow(String sql) {
        String body = post("output_format_json_quote_64bit_integers=0", sql + "\nFORMAT JSONEachRow");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                rows.add(parseRow(line));
            }
        }
        return rows;
    }

    /** Runs a statement whose result does not matter (DDL, INSERT ... VALUES). */
    public void execute(String sql) {
        post("", sql);
    }

    /** Blocks until the server process ends and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Stops the server: a temp-folder server is killed and its folder deleted; a fixed-folder server gets SIGTERM
     * and up to 30 s to shut down cleanly.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnJvmExit);
        } catch (IllegalStateException jvmAlreadyExiting) {
            // close() is running as the shutdown hook itself.
        }
        stopProcess();
        if (temporary) {
            deleteRecursively(directory);
        }
    }

    private static ClickHouseServer launch(int httpPort, int tcpPort, int interserverPort, Path directory,
                                           boolean temporary, ClickHouseConfig.Additions additions) {
        long startNanos = System.nanoTime();
        ClickHouseConfig.write(directory, httpPort, tcpPort, interserverPort, additions);
        Process process;
        try {
            process = new ProcessBuilder(BINARY.toString(), "--config-file=" + ClickHouseConfig.configFile(directory))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ClickHouseConfig.consoleLog(directory).toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + BINARY, e);
        }
        ClickHouseServer server = new ClickHouseServer(process, httpPort, tcpPort, additions.httpsPort(), directory,
                temporary);
        Runtime.getRuntime().addShutdownHook(server.stopOnJvmExit);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.closed.set(true);
            Runtime.getRuntime().removeShutdownHook(server.stopOnJvmExit);
            server.stopProcess();
            throw e;
        }
        LOG.info("ClickHouse ready at {} (tcp {}) in {} ms, folder {}", server.httpUrl(), tcpPort,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), directory);
        return server;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw startFailure("clickhouse-server exited with code " + process.exitValue());
            }
            if (pingAnswers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("clickhouse-server did not answer /ping within " + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(READY_POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("interrupted while waiting for clickhouse-server");
            }
        }
    }

    private boolean pingAnswers() {
        HttpRequest ping = HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(1)).build();
        try {
            return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ClickHouseStartException startFailure(String reason) {
        String logTail = ClickHouseConfig.logTail(directory);
        return new ClickHouseStartException(reason + " (http " + httpPort + ", tcp " + tcpPort + ", folder "
                + directory + "). Server output:\n" + logTail, logTail.contains("Address already in use"));
    }

    private String post(String urlParameters, String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/?" + urlParameters))
                .timeout(QUERY_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + httpUrl() + " unreachable for: " + sql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying ClickHouse: " + sql, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered HTTP " + response.statusCode() + " to: " + sql
                    + "\n" + response.body().trim());
        }
        return response.body();
    }

    private static Map<String, Object> parseRow(String json) {
        try {
            return JSON.readValue(json, ROW);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSONEachRow line: " + json, e);
        }
    }

    private void stopProcess() {
        if (temporary) {
            // Its data is about to be deleted, and a graceful stop waits out every HTTP keep-alive (3 s).
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("clickhouse-server on {} ignored SIGTERM for {} s, killing it", httpPort, STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing. Install it with: "
                    + "apt-get install clickhouse-server clickhouse-client");
        }
    }

    private static void requirePortFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            // bound, so free; closing it hands the port to clickhouse-server
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on 127.0.0.1 is taken; is another ClickHouse running?", e);
        }
    }

    /** Distinct ports: all probe sockets stay open until every port is chosen. */
    static int[] freePorts(int count) {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                probes.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return probes.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        } finally {
            probes.forEach(ClickHouseServer::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // A probe socket that fails to close still freed nothing we need.
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete ClickHouse folder {}", directory, e);
        }
    }

    /** Start failed; {@link #portClash()} tells whether fresh ports might help. */
    static final class ClickHouseStartException extends IllegalStateException {
        private final boolean portClash;

        ClickHouseStartException(String message, boolean portClash) {
            super(message);
            this.portClash = portClash;
        }

        boolean portClash() {
            return portClash;
        }
    }
}
