package dev.nudge.devstack.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafka} as its own process for local runs, keeping its data across restarts.
 *
 * <pre>java -cp ... dev.nudge.devstack.kafka.KafkaServerMain [--port 9092] [--data-dir .nudge/kafka]</pre>
 *
 * Prints {@code KAFKA READY <bootstrap servers>} once clients can connect, and stops the broker cleanly on
 * SIGTERM or Ctrl-C. {@code deploy/kafka.sh} wraps it.
 */
public final class KafkaServerMain {

    static final String READY_LINE_PREFIX = "KAFKA READY ";
    private static final String LOG_CONFIG = "classpath:dev/nudge/devstack/kafka/kafka-server-log4j2.xml";

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists: the broker's own INFO log, not log4j's errors-only default.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        Options options = Options.parse(args);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(options.port(), options.dataDir());
        } catch (RuntimeException e) {
            e.printStackTrace();
            // A half-started broker may leave non-daemon threads behind; do not linger as a zombie broker.
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println(READY_LINE_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    /**
     * @param port    the broker's client port; default 9092
     * @param dataDir where the broker keeps its logs and metadata; default {@code .nudge/kafka}
     */
    record Options(int port, Path dataDir) {

        static Options parse(String[] args) {
            int port = 9092;
            Path dataDir = Path.of(".nudge", "kafka");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(required(args[i], value));
                    case "--data-dir" -> dataDir = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException(
                            "Unknown argument " + args[i] + "; usage: [--port 9092] [--data-dir .nudge/kafka]");
                }
                i++;
            }
            return new Options(port, dataDir);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
