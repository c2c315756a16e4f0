package dev.nudge.devstack.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper in this JVM on a free loopback port, its data in a temp folder that {@link #close()}
 * deletes. Clustered ClickHouse needs one for replicated tables and {@code ON CLUSTER} DDL.
 */
public final class ZooKeeperServerRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperServerRunner.class);
    private static final int TICK_MILLIS = 500;
    private static final int MAX_CLIENT_CONNECTIONS = 100;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final Path directory;

    private ZooKeeperServerRunner(ZooKeeperServer server, ServerCnxnFactory connections, Path directory) {
        this.server = server;
        this.connections = connections;
        this.directory = directory;
    }

    public static ZooKeeperServerRunner start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("zookeeper-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ZooKeeperServer server = new ZooKeeperServer(directory.resolve("snapshots").toFile(),
                    directory.resolve("log").toFile(), TICK_MILLIS);
            ServerCnxnFactory connections = ServerCnxnFactory.createFactory(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CLIENT_CONNECTIONS);
            connections.startup(server);
            ZooKeeperServerRunner runner = new ZooKeeperServerRunner(server, connections, directory);
            LOG.info("ZooKeeper ready at {}", runner.connectString());
            return runner;
        } catch (IOException e) {
            deleteRecursively(directory);
            throw new UncheckedIOException("Could not start ZooKeeper", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteRecursively(directory);
            throw new IllegalStateException("Interrupted while starting ZooKeeper", e);
        }
    }

    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    public int port() {
        return connections.getLocalPort();
    }

    public String connectString() {
        return host() + ":" + port();
    }

    @Override
    public void close() {
        connections.shutdown();
        server.shutdown();
        deleteRecursively(directory);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete ZooKeeper folder {}", directory, e);
        }
    }
}
