package dev.nudge.sequencer;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.Tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builders for the Avro records the sequencer reads, with the demo brand's defaults (also used by the demo module's tests). */
public final class TestEvents {

    static final String BRAND = "demo-roasters";
    static final Tenant TENANT = new Tenant(BRAND, "downtown");

    private TestEvents() {}

    public static CustomerEvent signUp(String customerId, Instant at, String phone, String timeZone, String firstName) {
        return CustomerEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setType(CustomerEventType.SIGN_UP).setPhoneE164(phone).setTimeZone(timeZone).setLocale("en-US")
                .setFirstName(firstName).build();
    }

    public static CustomerEvent consent(String customerId, Instant at, boolean granted) {
        return CustomerEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setType(granted ? CustomerEventType.CONSENT_GRANTED : CustomerEventType.CONSENT_REVOKED)
                .setConsent(new ConsentChange("checkout_form", "form-17", at)).build();
    }

    public static PurchaseEvent purchase(String customerId, Instant at, String orderId, String sku, String category,
                                  long unitPriceMinor) {
        LineItem line = new LineItem(sku, sku, category, 1, unitPriceMinor, "USD");
        return PurchaseEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setOrderId(orderId).setLines(List.of(line)).setTotalMinor(unitPriceMinor).setCurrency("USD")
                .setChannel(SalesChannel.ONLINE).build();
    }

    static PurchaseEvent purchaseOf(String customerId, Instant at, String orderId, LineItem... lines) {
        long total = java.util.Arrays.stream(lines).mapToLong(line -> line.getUnitPriceMinor() * line.getQuantity()).sum();
        return PurchaseEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setOrderId(orderId).setLines(List.of(lines)).setTotalMinor(total).setCurrency("USD")
                .setChannel(SalesChannel.ONLINE).build();
    }

    public static BrowseEvent browse(String customerId, Instant at, BrowseAction action, String sku, String category) {
        return BrowseEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setAction(action).setSku(sku).setCategory(category).build();
    }

    static EngagementEvent engagement(String customerId, Instant at, EngagementType type, ReplyIntent intent,
                                      String text) {
        return EngagementEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(TENANT).setCustomerId(customerId).setEventTime(at)
                .setType(type).setReplyIntent(intent).setReplyText(text).build();
    }

    public static CatalogUpdate item(String sku, String category, long priceMinor, int stock, Instant at,
                              List<String> complements, List<String> addOns, Integer replenishmentDays) {
        return CatalogUpdate.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTenant(new Tenant(BRAND, null)).setEventTime(at)
                .setSku(sku).setName(sku.replace('-', ' ')).setCategory(category).setPriceMinor(priceMinor)
                .setCurrency("USD").setStock(stock).setActive(true).setUrl("https://shop.example/p/" + sku)
                .setComplements(complements).setAddOns(addOns).setReplenishmentDays(replenishmentDays).build();
    }

    static CatalogUpdate seasonal(CatalogUpdate item, String seasonStart, String seasonEnd, Instant at) {
        return CatalogUpdate.newBuilder(item).setEventId(UUID.randomUUID().toString()).setEventTime(at)
                .setSeasonStart(seasonStart).setSeasonEnd(seasonEnd).build();
    }

    /** A sequence file from sequences/, as the job receives it: the envelope around its canonical JSON. */
    static SequenceDefinition definition(String fileName, Instant publishedAt) {
        return definitionFromText(read(Path.of(System.getProperty("nudge.root"), "sequences", fileName)), publishedAt);
    }

    public static SequenceDefinition definitionFromText(String yaml, Instant publishedAt) {
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalArgumentException("test definition is invalid: " + parsed);
        }
        var definition = accepted.definition();
        return new SequenceDefinition(definition.id(), definition.version(), definition.brandId(), publishedAt,
                DefinitionParser.toJson(definition));
    }

    /** An envelope whose document is whatever text is given, valid or not. */
    static SequenceDefinition rawDefinition(String id, int version, String document, Instant publishedAt) {
        return new SequenceDefinition(id, version, BRAND, publishedAt, document);
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
