package dev.nudge.platform.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientPropertiesTest {

    @TempDir
    Path temp;

    @Test
    void theFileGivesTheSettingsAndVariablesOverrideThem() throws Exception {
        Path file = temp.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/etc/kafka/truststore.jks
                """);

        Map<String, String> properties = KafkaClientProperties.read(Map.of(
                KafkaClientProperties.FILE_VARIABLE, file.toString(),
                "NUDGE_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN",
                "NUDGE_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "NUDGE_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"));
    }

    @Test
    void nothingGivenIsNothing() {
        assertThat(KafkaClientProperties.read(Map.of("PATH", "/usr/bin"))).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> KafkaClientProperties.read(Map.of(KafkaClientProperties.FILE_VARIABLE, "/no/such.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("NUDGE_KAFKA_PROPERTIES=/no/such.properties: cannot read it");
    }
}
