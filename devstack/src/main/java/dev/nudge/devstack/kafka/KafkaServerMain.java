package dev.nudge.devstack.kafka;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs {@link EmbeddedKafka} as its own process for local runs, keeping its data across restarts.
 *
 * <pre>java -cp ... dev.nudge.devstack.kafka.KafkaServerMain [--port 9092] [--data-dir .nudge/kafka]</pre>
 *
 * Prints {@code KAFKA READY <bootstrap servers>} once clients can connect, and stops the broker cleanly on
 * SIGTERM or Ctrl-C. {@code deploy/kafka.sh} wraps it.
 */
@Command(name = "KafkaServerMain", mixinStandardHelpOptions = true,
        description = "Runs a Kafka broker (KRaft) until this JVM is stopped.")
public final class KafkaServerMain implements Callable<Integer> {

    static final String READY_LINE_PREFIX = "KAFKA READY ";
    private static final String LOG_CONFIG = "classpath:dev/nudge/devstack/kafka/kafka-server-log4j2.xml";

    @Option(names = "--port", description = "the broker's client port; default ${DEFAULT-VALUE}")
    int port = 9092;

    @Option(names = "--data-dir", description = "where the broker keeps its logs and metadata; default ${DEFAULT-VALUE}")
    Path dataDir = Path.of(".nudge", "kafka");

    public static void main(String[] args) {
        // Before the first logger exists: the broker's own INFO log, not log4j's errors-only default.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        int code = new CommandLine(new KafkaServerMain()).execute(args);
        if (code != 0) {
            // A half-started broker may leave non-daemon threads behind; do not linger as a zombie broker.
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println(READY_LINE_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
