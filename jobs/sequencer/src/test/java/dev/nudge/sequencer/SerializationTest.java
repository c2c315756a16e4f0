package dev.nudge.sequencer;

import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.consent.ConsentKind;
import dev.nudge.domain.engine.ActiveSequence;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every type the sequencer keeps or ships has a real serializer: none falls back to Kryo. */
class SerializationTest {

    @ParameterizedTest
    @ValueSource(classes = {SequencerInput.class, ReferenceInput.class})
    void isAPojoSerializableWithGenericTypesDisabled(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThat(info.createSerializer(noGenericTypes())).isNotNull();
    }

    @Test
    void customerStateSurvivesARoundTrip() throws Exception {
        CustomerState state = new CustomerState();
        state.phone = "+12125550100";
        state.consent.record(new ConsentFact(state.phone, ConsentKind.GRANTED, Instant.parse("2026-03-01T09:00:00Z"),
                "checkout_form", "form-17"));
        state.consent.record(new ConsentFact(state.phone, ConsentKind.OPTED_OUT, Instant.parse("2026-03-02T09:00:00Z"),
                "keyword", "SM1"));
        state.recentEngagements.add(42L, Instant.parse("2026-03-02T09:00:00Z").toEpochMilli(), 10);
        state.recentRuns.add(-7L, Instant.parse("2026-03-01T09:00:00Z").toEpochMilli(), 10);
        state.lastActivityMillis = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
        state.timerMillis = Instant.parse("2026-03-04T10:00:00Z").toEpochMilli();
        state.firstName = "Ana";
        state.engagement.onSent(Instant.parse("2026-03-01T12:00:00Z"));
        state.affinity.record(new BrowseSignal(Instant.parse("2026-03-01T10:00:00Z"), BrowseKind.VIEW, "kit", "gear", null));
        state.sends.record(Instant.parse("2026-03-01T12:00:00Z"), "coffee-followup", "coffee");
        ActiveSequence sequence = new ActiveSequence();
        sequence.sequenceId = "coffee-followup";
        sequence.version = 2;
        sequence.triggerSkus.add("coffee-beans");
        sequence.offeredSkus.add("coffee-beans");
        sequence.triggerMillis = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();
        sequence.dueMillis = Instant.parse("2026-03-04T10:00:00Z").toEpochMilli();
        sequence.heldSinceMillis = Instant.parse("2026-03-03T10:00:00Z").toEpochMilli();
        state.active.add(sequence);
        state.lastExitMillis.put("refill", 42L);

        TypeSerializer<CustomerState> serializer = new CustomerStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(state, out);
        CustomerState copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy).usingRecursiveComparison().isEqualTo(state);
        assertThat(serializer.copy(state)).usingRecursiveComparison().isEqualTo(state);
        System.out.printf("serialized CustomerState with one active sequence: %d bytes%n", out.length());
    }

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }
}
