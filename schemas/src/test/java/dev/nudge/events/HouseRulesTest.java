package dev.nudge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The rules RoundTripTest applies to every schema do catch what they claim to. */
class HouseRulesTest {

  @Test
  void aRealEventFollowsTheRules() {
    Schema purchase = SchemaFiles.parse(SchemaFiles.AVRO_DIR.resolve("PurchaseEvent.avsc"));
    assertThat(HouseRules.violations(purchase, "PurchaseEvent.avsc", true)).isEmpty();
  }

  @Test
  void namesEveryBrokenRule() {
    Schema careless = new Schema.Parser().parse("""
        {"type": "record", "name": "refund_event", "namespace": "com.example",
         "fields": [
           {"name": "refund_id", "type": "string"},
           {"name": "createdAt", "type": "long"},
           {"name": "amount", "type": "double"},
           {"name": "note", "type": ["string", "null"]},
           {"name": "reason", "type": {"type": "enum", "name": "RefundReason", "namespace": "dev.nudge.events",
                                       "symbols": ["damaged", "OTHER"]}},
           {"name": "day", "type": {"type": "int", "logicalType": "date"}}
         ]}
        """);

    List<String> violations = HouseRules.violations(careless, "Refund.avsc", true);

    assertThat(violations).containsExactlyInAnyOrder(
        "Refund.avsc declares refund_event; the file must be named after its record",
        "com.example.refund_event is not in namespace dev.nudge.events (the Java package)",
        "refund_event is not a PascalCase type name",
        "refund_event has no doc",
        "refund_event.refund_id is not a camelCase field name",
        "refund_event.createdAt is a time but not a timestamp-millis long",
        "refund_event.amount is money: it must be a long in minor units named ...Minor",
        "refund_event.amount is money but refund_event has no currency field",
        "refund_event.note is nullable but its default is not null",
        "union [\"string\",\"null\"] is not [\"null\", T]",
        "RefundReason.damaged is not an UPPER_SNAKE symbol",
        "RefundReason has no default symbol, so no symbol can ever be added",
        "logical type date is used; the only one allowed is timestamp-millis",
        "refund_event has no required string id field, one of " + HouseRules.EVENT_ID_FIELDS,
        "refund_event has no required field tenant of type Tenant",
        "refund_event has no required timestamp-millis event time");
  }

  @Test
  void recordsWithTheirOwnKeysNeedThoseFields() {
    Schema deadLetter = new Schema.Parser().parse("""
        {"type": "record", "name": "DeadLetter", "namespace": "dev.nudge.events", "doc": "lost its offset",
         "fields": [
           {"name": "sourceTopic", "type": "string"},
           {"name": "partition", "type": ["null", "int"], "default": null},
           {"name": "failedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
         ]}
        """);

    assertThat(HouseRules.violations(deadLetter, "DeadLetter.avsc", true)).containsExactlyInAnyOrder(
        "DeadLetter lacks its required key field partition",
        "DeadLetter lacks its required key field offset");
  }
}
