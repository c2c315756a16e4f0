package dev.nudge.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.nudge.devstack.kafka.KafkaExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicAdminITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @Test
    void createsEveryDeclaredTopicOnceAndAgainIsHarmless() throws Exception {
        Topics topics = Topics.withPrefix("it.");

        List<String> createdFirst = TopicAdmin.ensure(KAFKA.bootstrapServers(), topics.all());
        List<String> createdAgain = TopicAdmin.ensure(KAFKA.bootstrapServers(), topics.all());

        List<String> names = topics.all().stream().map(Topic::name).toList();
        assertThat(createdFirst).containsExactlyInAnyOrderElementsOf(names);
        assertThat(createdAgain).isEmpty();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            assertThat(topics.all()).allSatisfy(topic ->
                    assertThat(described.get(topic.name()).partitions()).hasSize(topic.partitions()));

            ConfigResource catalog = new ConfigResource(ConfigResource.Type.TOPIC, topics.catalog().name());
            ConfigResource purchases = new ConfigResource(ConfigResource.Type.TOPIC, topics.purchases().name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(catalog, purchases)).all().get();
            assertThat(configs.get(catalog).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(purchases).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(purchases).get("retention.ms").value())
                    .isEqualTo(topics.purchases().configs().get("retention.ms"));
        }
    }

    @Test
    void createsOnlyWhatIsMissing() {
        Topics topics = Topics.withPrefix("partial.");
        TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(topics.purchases()));

        List<String> created = TopicAdmin.ensure(KAFKA.bootstrapServers(), topics.all());

        assertThat(created).hasSize(topics.all().size() - 1).doesNotContain(topics.purchases().name());
        assertThat(created.stream().collect(Collectors.toSet()))
                .contains(topics.sequenceDefinitions().name(), topics.outbox().name());
    }
}
