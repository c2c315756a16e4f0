package dev.nudge.platform.twilio;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stoplight Prism serving Twilio's OpenAPI description as a validating mock ({@code prism mock --errors}): a request
 * the spec rejects is answered with a problem body (422 with the violations, 401, 404/405 for unknown routes)
 * instead of the spec's example.
 */
final class PrismMock implements AutoCloseable {

    static final String INSTALL_HINT = "npm install -g @stoplight/prism-cli";
    private static final String SPEC = "shared/twilio-openapi/twilio_api_v2010.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Duration startup;
    private final Path log;

    private PrismMock(Process process, int port, Duration startup, Path log) {
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.log = log;
    }

    /** Starts Prism on a free loopback port and returns once it accepts connections. */
    static PrismMock start() throws IOException, InterruptedException {
        Path root = Paths.get(System.getProperty("nudge.root", ".")).toAbsolutePath().normalize();
        Path prism = findPrism(root).orElseThrow(() -> new AssertionError("Prism (@stoplight/prism-cli) is not on"
                + " PATH nor at " + root.resolve("node_modules/.bin/prism") + "; the Twilio contract test needs it."
                + " Install it with: " + INSTALL_HINT));
        Path spec = findSpec(root);
        int port = freePort();
        // java.io.tmpdir is read afresh: Files.createTempFile may have cached the JVM's default before tests set it.
        Path log = Files.createDirectories(Paths.get(System.getProperty("java.io.tmpdir")))
                .resolve("prism-" + port + ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(prism.toString(), "mock", spec.toString(),
                "--port", Integer.toString(port), "--host", "127.0.0.1", "--errors")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = started + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop(process);
                throw new AssertionError("Prism did not start within " + START_TIMEOUT + " (alive: "
                        + process.isAlive() + "); its output: " + log + "\n" + tail(log));
            }
            Thread.sleep(50);
        }
        return new PrismMock(process, port, Duration.ofNanos(System.nanoTime() - started), log);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** From launching the process until the port accepted a connection. */
    Duration startup() {
        return startup;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Optional<Path> findPrism(Path root) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(
                        Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                                .map(dir -> Paths.get(dir, "prism")),
                        Stream.of(root.resolve("node_modules/.bin/prism")))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code ${nudge.root}/../shared/...} in a checkout; further up from a worktree nested one level deeper. */
    private static Path findSpec(Path root) {
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path spec = dir.resolve(SPEC);
            if (Files.isRegularFile(spec)) {
                return spec;
            }
        }
        throw new AssertionError("Twilio's OpenAPI description " + SPEC + " was not found beside " + root
                + " or any folder above it");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
