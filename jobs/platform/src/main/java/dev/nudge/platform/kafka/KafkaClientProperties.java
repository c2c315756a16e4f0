package dev.nudge.platform.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka client settings a deployment gives every client a Nudge process makes (producers, consumers, the admin
 * client, the Flink jobs' sources and sinks): security above all, so SASL_SSL and mTLS work, but any client property.
 * Read once per process from its environment, as Kafka's own tools are configured:
 * <ul>
 *   <li>{@code NUDGE_KAFKA_PROPERTIES}: a Java properties file ({@code security.protocol=SASL_SSL},
 *       {@code sasl.mechanism=SCRAM-SHA-512}, {@code sasl.jaas.config=...}, {@code ssl.keystore.location=...});</li>
 *   <li>{@code NUDGE_KAFKA_CLIENT_<NAME>}: one property, its name upper-cased with dots as underscores
 *       ({@code NUDGE_KAFKA_CLIENT_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}); these override the file.</li>
 * </ul>
 * Each client starts from these and then sets what its guarantees need (acks, isolation, idempotence), which wins.
 * For the Flink jobs they are read where the job is built and travel with it to the task managers; key and trust store
 * files must exist at the same path there.
 */
public final class KafkaClientProperties {

    public static final String FILE_VARIABLE = "NUDGE_KAFKA_PROPERTIES";
    public static final String VARIABLE_PREFIX = "NUDGE_KAFKA_CLIENT_";

    private static final Map<String, String> OF_THIS_PROCESS = read(System.getenv());

    private KafkaClientProperties() {}

    /** A fresh copy of this process's client properties, to add a client's own settings to. */
    public static Properties base() {
        Properties properties = new Properties();
        properties.putAll(OF_THIS_PROCESS);
        return properties;
    }

    /** This process's client properties by name (no secrets are logged from here: print names only). */
    public static Map<String, String> asMap() {
        return OF_THIS_PROCESS;
    }

    /** @throws IllegalArgumentException when the file named by {@code NUDGE_KAFKA_PROPERTIES} cannot be read */
    static Map<String, String> read(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        String file = environment.get(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file.trim()), StandardCharsets.UTF_8)) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException(FILE_VARIABLE + "=" + file + ": cannot read it (" + e + ")", e);
            }
            fromFile.stringPropertyNames().forEach(name -> properties.put(name, fromFile.getProperty(name).trim()));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX) && name.length() > VARIABLE_PREFIX.length()) {
                properties.put(name.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return Map.copyOf(properties);
    }
}
