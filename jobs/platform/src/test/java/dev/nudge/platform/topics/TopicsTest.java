package dev.nudge.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.Decision;
import dev.nudge.events.SequenceDefinition;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = Topics.standard();

    @Test
    void declaresEveryTopicOnceUnderAUniqueName() {
        List<String> names = topics.all().stream().map(dev.nudge.platform.topics.Topic::name).toList();

        assertThat(names).doesNotHaveDuplicates().containsExactly(
                "nudge.purchases", "nudge.browse", "nudge.customers", "nudge.engagements", "nudge.catalog",
                "nudge.sequence-definitions", "nudge.outbox", "nudge.decisions", "nudge.dead-letters",
                "nudge.definition-rejections", "nudge.suppressions",
                "nudge.variant-outcomes");
        names.forEach(Topic::validate);
    }

    @Test
    void everyTopicHasAnAvroValueClassAndACodecForIt() {
        assertThat(topics.all()).allSatisfy(topic -> {
            assertThat(topic.valueClass()).isNotNull();
            assertThat(topic.codec().recordClass()).isEqualTo(topic.valueClass());
        });
        assertThat(topics.catalog().valueClass()).isEqualTo(CatalogUpdate.class);
        assertThat(topics.sequenceDefinitions().valueClass()).isEqualTo(SequenceDefinition.class);
        assertThat(topics.definitionRejections().valueClass()).isEqualTo(Decision.class);
    }

    @Test
    void customerKeyedTopicsHaveFourPartitionsAndDefinitionsOne() {
        assertThat(List.of(topics.purchases(), topics.browse(), topics.customers(), topics.engagements(),
                topics.outbox(), topics.decisions()))
                .allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(4));
        assertThat(topics.sequenceDefinitions().partitions()).isEqualTo(1);
        assertThat(topics.definitionRejections().partitions()).isEqualTo(1);
    }

    @Test
    void onlyTheCatalogTheDefinitionsAndTheSuppressionListAreCompacted() {
        assertThat(topics.all().stream().filter(dev.nudge.platform.topics.Topic::compacted))
                .containsExactly(topics.catalog(), topics.sequenceDefinitions(), topics.suppressions());
        assertThat(topics.all()).allSatisfy(topic ->
                assertThat(topic.configs()).containsKey(topic.compacted() ? "segment.ms" : "retention.ms"));
    }

    @Test
    void theSuppressionListNeverExpires() {
        assertThat(topics.suppressions().configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
    }

    @Test
    void aPrefixRenamesEveryTopicAndNothingElse() {
        Topics staging = Topics.withPrefix("staging.");

        assertThat(staging.all()).hasSameSizeAs(topics.all());
        for (int i = 0; i < topics.all().size(); i++) {
            var plain = topics.all().get(i);
            var prefixed = staging.all().get(i);
            assertThat(prefixed.name()).isEqualTo("staging." + plain.name());
            assertThat(prefixed.partitions()).isEqualTo(plain.partitions());
            assertThat(prefixed.configs()).isEqualTo(plain.configs());
            assertThat(prefixed.valueClass()).isEqualTo(plain.valueClass());
        }
        assertThatThrownBy(() -> Topics.withPrefix("staging/")).hasMessageContaining("staging/");
    }

    @Test
    void replicationIsTheBrokersUnlessSet() {
        NewTopic byDefault = topics.purchases().toNewTopic();
        NewTopic replicated = topics.withReplication((short) 3).purchases().toNewTopic();

        assertThat(byDefault.replicationFactor()).isEqualTo((short) -1);
        assertThat(byDefault.numPartitions()).isEqualTo(4);
        assertThat(byDefault.configs()).containsEntry("retention.ms", String.valueOf(30L * 24 * 3600 * 1000));
        assertThat(replicated.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(Topics.withPrefix("test."));
        }
        Topics copy = (Topics) new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray())).readObject();

        assertThat(copy.all()).isEqualTo(Topics.withPrefix("test.").all());
    }
}
