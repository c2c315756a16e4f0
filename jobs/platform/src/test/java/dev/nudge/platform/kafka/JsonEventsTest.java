package dev.nudge.platform.kafka;

import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.Tenant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonEventsTest {

    private static final AvroCodec<PurchaseEvent> PURCHASES = AvroCodec.of(PurchaseEvent.class);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPurchaseAsJsonIsTheSameRecordAsItsAvroEncoding() {
        PurchaseEvent expected = PurchaseEvent.newBuilder()
                .setEventId("p-1").setTenant(new Tenant("demo", "store-7")).setCustomerId("c-1")
                .setEventTime(Instant.parse("2026-03-02T15:04:05Z")).setOrderId("o-1")
                .setLines(List.of(new LineItem("beans", "Beans", "coffee", 2, 900L, "USD")))
                .setTotalMinor(1800L).setCurrency("USD").setStoreId(null).setChannel(SalesChannel.ONLINE).build();
        String json = """
                  {"eventId": "p-1", "tenant": {"brandId": "demo", "locationId": "store-7"}, "customerId": "c-1",
                   "eventTime": "2026-03-02T15:04:05Z", "orderId": "o-1",
                   "lines": [{"sku": "beans", "name": "Beans", "category": "coffee", "quantity": 2,
                              "unitPriceMinor": 900, "currency": "USD"}],
                   "totalMinor": 1800, "currency": "USD", "channel": "ONLINE"}""";

        assertThat(PURCHASES.decode(bytes(json))).isEqualTo(expected);
        assertThat(PURCHASES.decode(PURCHASES.encode(expected))).isEqualTo(expected);
    }

    @Test
    void optionalFieldsAndDefaultsMayBeLeftOutAndTimesMayBeEpochMillis() {
        CustomerEvent event = AvroCodec.of(CustomerEvent.class).decode(bytes("""
                {"eventId": "e", "tenant": {"brandId": "demo"}, "customerId": "c", "eventTime": 1772463845000,
                 "type": "CONSENT_GRANTED", "phoneE164": "+12125550100", "timeZone": null,
                 "consent": {"source": "checkout_form", "changedAt": "2026-03-02T15:04:05Z"}}"""));

        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1772463845000L));
        assertThat(event.getType()).isEqualTo(CustomerEventType.CONSENT_GRANTED);
        assertThat(event.getTenant().getLocationId()).isNull();
        assertThat(event.getTimeZone()).isNull();
        assertThat(event.getConsent().getEvidence()).isNull();
        CatalogUpdate update = AvroCodec.of(CatalogUpdate.class).decode(bytes("""
                {"eventId": "u", "tenant": {"brandId": "demo"}, "eventTime": "2026-03-02T15:04:05Z", "sku": "beans",
                 "name": "Beans", "category": "coffee", "priceMinor": 900, "currency": "USD", "stock": 3,
                 "active": true}"""));
        assertThat(update.getComplements()).isEmpty();
    }

    @Test
    void aWrongEventSaysWhichFieldAndWhy() {
        String valid = """
                {"eventId": "e", "tenant": {"brandId": "demo"}, "customerId": "c", "eventTime": "2026-03-02T15:04:05Z",
                 "type": "SIGN_UP"%s}""";
        AvroCodec<CustomerEvent> customers = AvroCodec.of(CustomerEvent.class);

        assertThatThrownBy(() -> customers.decode(bytes(valid.formatted(", \"phone\": \"+12125550100\""))))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("phone: no such field in CustomerEvent").hasMessageContaining("phoneE164");
        assertThatThrownBy(() -> customers.decode(bytes(valid.replace("\"customerId\": \"c\", ", "").formatted(""))))
                .hasMessageContaining("customerId: required, but missing");
        assertThatThrownBy(() -> customers.decode(bytes(valid.replace("SIGN_UP", "SIGNUP").formatted(""))))
                .hasMessageContaining("type: expected one of [SIGN_UP");
        assertThatThrownBy(() -> customers.decode(bytes(valid.replace("2026-03-02T15:04:05Z", "yesterday").formatted(""))))
                .hasMessageContaining("eventTime: expected an ISO-8601 instant");
        assertThatThrownBy(() -> customers.decode(bytes(valid.replace("\"brandId\": \"demo\"", "\"brandId\": 7").formatted(""))))
                .hasMessageContaining("tenant.brandId: expected text, got 7");
        assertThatThrownBy(() -> PURCHASES.decode(bytes("{\"eventId\": \"p\", \"lines\": [")))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AvroCodec.of(CatalogUpdate.class).decode(bytes("""
                {"eventId": "u", "tenant": {"brandId": "demo"}, "eventTime": 0, "sku": "beans", "name": "Beans",
                 "category": "coffee", "priceMinor": 900, "currency": "USD", "stock": 3000000000, "active": true}""")))
                .hasMessageContaining("stock: expected a whole number (32-bit)");
    }

    /** docs/events.md is the contract producers follow: each example under a topic's heading must read as its event. */
    @Test
    void everyExampleOnTheContractPageIsAValidEvent() throws Exception {
        Map<String, Class<? extends SpecificRecord>> eventByTopic = Map.of(
                "nudge.purchases", PurchaseEvent.class, "nudge.customers", CustomerEvent.class,
                "nudge.browse", BrowseEvent.class, "nudge.catalog", CatalogUpdate.class,
                "nudge.engagements", EngagementEvent.class);
        String page = Files.readString(Path.of("../../docs/events.md"));
        Matcher sections = Pattern.compile("(?m)^## `([a-z.-]+)`").matcher(page);
        List<Integer> starts = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        while (sections.find()) {
            starts.add(sections.start());
            topics.add(sections.group(1));
        }
        starts.add(page.length());
        assertThat(topics).containsExactlyInAnyOrderElementsOf(eventByTopic.keySet());
        int examples = 0;
        for (int i = 0; i < topics.size(); i++) {
            Matcher json = Pattern.compile("(?s)```json\\n(.*?)```").matcher(page.substring(starts.get(i), starts.get(i + 1)));
            while (json.find()) {
                AvroCodec.of(eventByTopic.get(topics.get(i))).decode(bytes(json.group(1)));
                examples++;
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(topics.size());
    }

    @Test
    void onlyAnObjectCountsAsJson() {
        assertThat(JsonEvents.isJson(bytes("  \n{\"a\":1}"))).isTrue();
        assertThat(JsonEvents.isJson(new byte[] {(byte) 0xC3, 0x01, '{'})).isFalse();
        assertThat(JsonEvents.isJson(bytes("not json"))).isFalse();
    }
}
