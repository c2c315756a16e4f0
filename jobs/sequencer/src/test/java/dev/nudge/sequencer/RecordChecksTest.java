package dev.nudge.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.DeadLetter;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.kafka.AvroCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordChecksTest {

    /** A brand id with '/' would make brand/customer keys ambiguous: the record is a dead letter saying why. */
    @Test
    void aBrandIdWithASlashGoesToTheDeadLettersWithItsReason() {
        PurchaseEvent purchase = TestEvents.purchase("c1", Instant.parse("2026-03-01T10:00:00Z"), "o1", "beans",
                "coffee", 1_200);
        purchase.setTenant(new Tenant("acme/eu", null));
        byte[] bytes = AvroCodec.of(PurchaseEvent.class).encode(purchase);
        InputDeserializer<PurchaseEvent, Object> deserializer = new InputDeserializer<>(PurchaseEvent.class,
                RecordChecks::purchase, (record, origin) -> record, TypeInformation.of(Object.class));
        List<Object> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("nudge.purchases", 2, 17L, null, bytes), new Collector<>() {
            @Override
            public void collect(Object record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        });

        assertThat(out).singleElement().isInstanceOfSatisfying(DeadLetter.class, deadLetter -> {
            assertThat(deadLetter.getError()).isEqualTo(
                    "tenant.brandId \"acme/eu\" holds '/', which separates brand and customer in keys");
            assertThat(deadLetter.getSourceTopic()).isEqualTo("nudge.purchases");
            assertThat(deadLetter.getOffset()).isEqualTo(17L);
        });
        purchase.setTenant(new Tenant("acme-eu", null));
        assertThat(RecordChecks.purchase(purchase)).isNull();
    }
}
