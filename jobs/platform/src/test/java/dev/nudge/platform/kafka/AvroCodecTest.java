package dev.nudge.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.Tenant;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private static final Instant ORDERED_AT = Instant.parse("2026-03-14T15:09:26.535Z");
    private final AvroCodec<PurchaseEvent> purchases = AvroCodec.of(PurchaseEvent.class);

    @Test
    void roundTripsARecordWithNestedRecordsAndTimestamps() {
        PurchaseEvent purchase = purchase();

        byte[] bytes = purchases.encode(purchase);

        assertThat(bytes).startsWith((byte) 0xC3, (byte) 0x01);
        PurchaseEvent decoded = purchases.decode(bytes);
        assertThat(decoded).isEqualTo(purchase);
        assertThat(decoded.getEventTime()).isEqualTo(ORDERED_AT);
        assertThat(decoded.getLines().get(0).getSku()).isEqualTo("espresso-beans-1kg");
    }

    @Test
    void dataWrittenWithAnOlderSchemaIsReadWhenTheHistoryHasIt() throws Exception {
        Schema withoutStoreId = olderPurchaseSchemaWithout("storeId");
        byte[] written = writtenWith(withoutStoreId, purchase());

        assertThatThrownBy(() -> purchases.decode(written))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema version");
        PurchaseEvent read = AvroCodec.readingAlso(PurchaseEvent.class, List.of(withoutStoreId)).decode(written);
        assertThat(read.getStoreId()).isNull();
        assertThat(read.getLines()).isEqualTo(purchase().getLines());
        assertThat(read.getEventTime()).isEqualTo(ORDERED_AT);
    }

    @Test
    void theHistoryOfEveryTopicTypeHoldsItsCurrentSchema() {
        for (Topic<?> topic : Topics.standard().all()) {
            Schema current = SpecificData.getForClass(topic.valueClass()).getSchema(topic.valueClass());
            assertThat(SchemaHistory.contains(SchemaHistory.of(topic.valueClass()), current))
                    .as("%s's schema is missing from its history; append this line to schemas/src/main/resources/%s:%n%s",
                            topic.valueClass().getName(), SchemaHistory.resourceOf(topic.valueClass()), current)
                    .isTrue();
        }
    }

    /** PurchaseEvent as it was before {@code field} was added. */
    private static Schema olderPurchaseSchemaWithout(String field) {
        Schema current = PurchaseEvent.getClassSchema();
        List<Schema.Field> kept = current.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, kept);
    }

    private static byte[] writtenWith(Schema schema, PurchaseEvent purchase) throws Exception {
        GenericRecord current = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), PurchaseEvent.getClassSchema())
                .decode(PurchaseEvent.getEncoder().encode(purchase));
        GenericData.Record older = new GenericData.Record(schema);
        schema.getFields().forEach(f -> older.put(f.name(), current.get(f.name())));
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(older);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    @Test
    void garbageIsRefusedWithTheTypeAndTheReason() {
        byte[] garbage = "customerId=c-1".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> purchases.decode(garbage))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("dev.nudge.events.PurchaseEvent")
                .hasMessageContaining("single-object marker C3 01")
                .satisfies(e -> assertThat(((UndecodableRecordException) e).recordType())
                        .isEqualTo("dev.nudge.events.PurchaseEvent"));
    }

    @Test
    void aRecordOfAnotherTypeIsRefusedByItsFingerprint() {
        byte[] browseBytes = AvroCodec.of(BrowseEvent.class).encode(BrowseEvent.newBuilder()
                .setEventId("e-2").setTenant(tenant()).setCustomerId("c-1").setEventTime(ORDERED_AT)
                .setAction(BrowseAction.VIEW).setSku("espresso-beans-1kg").build());

        assertThatThrownBy(() -> purchases.decode(browseBytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("dev.nudge.events.PurchaseEvent")
                .hasMessageContaining("fingerprint");
    }

    @Test
    void aTruncatedBodyIsRefused() {
        byte[] bytes = purchases.encode(purchase());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 12);

        assertThatThrownBy(() -> purchases.decode(truncated))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("dev.nudge.events.PurchaseEvent")
                .hasMessageContaining("a body that does not match the schema")
                .hasMessageContaining("EOFException");
    }

    @Test
    void nullIsRefusedByTheCodecButIsATombstoneForKafka() {
        assertThatThrownBy(() -> purchases.decode(null))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("no bytes");
        assertThat(purchases.deserializer().deserialize("nudge.purchases", null)).isNull();
        assertThat(purchases.serializer().serialize("nudge.purchases", null)).isNull();
    }

    @Test
    void kafkaAdaptersUseTheSameEncoding() {
        PurchaseEvent purchase = purchase();
        byte[] bytes = purchases.serializer().serialize("nudge.purchases", purchase);

        assertThat(bytes).isEqualTo(purchases.encode(purchase));
        assertThat(purchases.deserializer().deserialize("nudge.purchases", bytes)).isEqualTo(purchase);
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsItToTasks() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(purchases);
        }
        @SuppressWarnings("unchecked")
        AvroCodec<PurchaseEvent> shipped = (AvroCodec<PurchaseEvent>)
                new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray())).readObject();

        assertThat(shipped.decode(purchases.encode(purchase()))).isEqualTo(purchase());
        assertThat(shipped.recordClass()).isEqualTo(PurchaseEvent.class);
    }

    private static PurchaseEvent purchase() {
        return PurchaseEvent.newBuilder()
                .setEventId("e-1")
                .setTenant(tenant())
                .setCustomerId("c-1")
                .setEventTime(ORDERED_AT)
                .setOrderId("o-1")
                .setLines(List.of(new LineItem("espresso-beans-1kg", "Espresso beans 1 kg", "coffee", 2, 2_450L, "USD")))
                .setTotalMinor(4_900L)
                .setCurrency("USD")
                .setStoreId(null)
                .setChannel(SalesChannel.ONLINE)
                .build();
    }

    private static Tenant tenant() {
        return new Tenant("brand-1", null);
    }
}
