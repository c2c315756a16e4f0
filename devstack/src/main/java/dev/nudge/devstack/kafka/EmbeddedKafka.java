package dev.nudge.devstack.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, one process acting as broker and controller) running inside this JVM,
 * listening on loopback only.
 *
 * <p>Settings are sized for a small machine: one replica for the internal topics, few partitions for them, a
 * 2 MB log-cleaner dedupe buffer, no delay before the first consumer-group rebalance and no automatic topic
 * creation (topics are created explicitly, before jobs start). {@code transaction.max.timeout.ms} keeps Kafka's
 * default of 15 minutes, exactly as on a production broker: an exactly-once producer must set
 * {@code transaction.timeout.ms} to at most 15 minutes (Flink's KafkaSink defaults to one hour and is refused).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Where clients log in with SASL/PLAIN, when the broker is started with {@link #startWithSaslPlain}. */
    private static final String SASL_LISTENER = "SASL_CLIENTS";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String saslBootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String saslBootstrapServers, Path dataDir,
                          boolean deleteDataOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
    }

    /** Starts a broker on a free loopback port with a temporary data folder that {@link #close()} deletes. */
    public static EmbeddedKafka start() {
        try {
            return start(0, Files.createTempDirectory("nudge-kafka-"), true, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data folder for Kafka", e);
        }
    }

    /**
     * Starts a broker that also has a SASL_PLAINTEXT listener ({@link #saslBootstrapServers()}) where one user logs in
     * with SASL/PLAIN, as clients of a secured cluster do; a wrong password is refused there. The plain listener stays
     * for the broker itself and the test's own set-up.
     */
    public static EmbeddedKafka startWithSaslPlain(String user, String password) {
        try {
            return start(0, Files.createTempDirectory("nudge-kafka-"), true, new String[] {user, password});
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data folder for Kafka", e);
        }
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) that keeps its data in {@code dataDir} across restarts:
     * the folder is formatted only when it holds no Kafka data yet, and is left in place on {@link #close()}.
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, false, null);
    }

    private static EmbeddedKafka start(int port, Path dataDir, boolean deleteDataOnClose, String[] saslUser) {
        long startedAt = System.nanoTime();
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        EmbeddedKafka kafka = null;
        try {
            int brokerPort = port == 0 ? freePort() : requireFree(port);
            int controllerPort = freePortOtherThan(brokerPort);
            formatIfNew(dataDir);
            Map<String, String> brokerConfig = brokerConfig(host, brokerPort, controllerPort, dataDir);
            String saslBootstrap = null;
            if (saslUser != null) {
                int saslPort = freePortOtherThan(brokerPort);
                saslBootstrap = host + ":" + saslPort;
                addSaslListener(brokerConfig, saslBootstrap, saslUser[0], saslUser[1]);
            }
            KafkaConfig config = new KafkaConfig(brokerConfig, false);
            kafka = new EmbeddedKafka(new KafkaRaftServer(config, Time.SYSTEM), host + ":" + brokerPort,
                    saslBootstrap, dataDir, deleteDataOnClose);
            kafka.server.startup();
            kafka.awaitReady();
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            } else if (deleteDataOnClose) {
                deleteData(dataDir);
            }
            throw e;
        }
        LOG.info("Kafka ready at {} in {} ms (data in {})",
                kafka.bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), dataDir);
        return kafka;
    }

    private static Map<String, String> brokerConfig(String host, int brokerPort, int controllerPort, Path dataDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        config.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("log.dirs", logDir(dataDir));

        // One broker: every internal topic has one replica, and few partitions so they are created quickly.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");

        // A small machine: the cleaner's dedupe buffer would otherwise take 128 MB of heap; fewer request threads.
        config.put("log.cleaner.dedupe.buffer.size", "2097152");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");

        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        return config;
    }

    private static void addSaslListener(Map<String, String> config, String hostAndPort, String user, String password) {
        config.put("listeners", config.get("listeners") + "," + SASL_LISTENER + "://" + hostAndPort);
        config.put("advertised.listeners", config.get("advertised.listeners") + "," + SASL_LISTENER + "://" + hostAndPort);
        config.put("listener.security.protocol.map",
                config.get("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
        config.put("sasl.enabled.mechanisms", "PLAIN");
        String listener = "listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.";
        config.put(listener + "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " user_" + user + "=\"" + password + "\";");
    }

    private static void formatIfNew(Path dataDir) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setDirectories(List.of(logDir(dataDir)))
                    .setMetadataLogDirectory(logDir(dataDir))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir, e);
        }
    }

    /** The one folder that holds both the topic partitions and the cluster metadata log. */
    private static String logDir(Path dataDir) {
        return dataDir.toAbsolutePath().toString();
    }

    /** Ready means a client can reach the broker and sees it in the cluster metadata. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready within " + READY_TIMEOUT);
                }
                try {
                    var options = new DescribeClusterOptions().timeoutMs((int) remainingMs);
                    if (!admin.describeCluster(options).nodes().get(remainingMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Kafka at {} not ready yet", bootstrapServers, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrapServers, e);
                }
                pause();
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The folder holding the broker's partitions and metadata log. */
    /** The SASL_PLAINTEXT listener's address, for a broker started with {@link #startWithSaslPlain}. */
    public String saslBootstrapServers() {
        if (saslBootstrapServers == null) {
            throw new IllegalStateException("this broker was started without a SASL listener");
        }
        return saslBootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are) and returns once every
     * partition of every topic has a leader, so producers and consumers can use them straight away.
     */
    public void createTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).values().forEach((name, created) -> {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topic " + name, e);
                }
            });
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        }
    }

    private void awaitLeaders(Admin admin, List<String> topicNames) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topicNames).allTopicNames().get();
                boolean allLed = descriptions.values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                // Created by the controller, not yet known to the broker's metadata: ask again.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Cannot describe topics " + topicNames, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topics " + topicNames, e);
            }
            pause();
        }
        throw new IllegalStateException("Topics " + topicNames + " have no leader after " + READY_TIMEOUT);
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(properties);
    }

    /** Stops the broker; the data folder is deleted if it was a temporary one. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long stoppingAt = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteDataOnClose) {
                deleteData(dataDir);
            }
        }
        LOG.info("Kafka at {} stopped in {} ms",
                bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }

    private static void deleteData(Path dataDir) {
        try {
            Utils.delete(dataDir.toFile());
        } catch (IOException e) {
            LOG.warn("Cannot delete Kafka data in {}", dataDir, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    private static int freePortOtherThan(int taken) {
        int port = freePort();
        return port != taken ? port : freePort();
    }

    /** Fails in a moment with a plain message, rather than after most of the broker has started. */
    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is in use: is another Kafka running?", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on loopback", e);
        }
    }
}
