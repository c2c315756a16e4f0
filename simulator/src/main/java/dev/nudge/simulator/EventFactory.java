package dev.nudge.simulator;

import java.time.Instant;
import java.util.List;

import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.Tenant;

/** Builds the Avro records of one brand, so every generator fills tenant, currency and ids alike. */
final class EventFactory {

    private final String brandId;
    private final String idPrefix;

    EventFactory(String brandId, String idPrefix) {
        this.brandId = brandId;
        this.idPrefix = idPrefix;
    }

    String brandId() {
        return brandId;
    }

    /** An id unique to this seed: the prefix, the customer, and a label or counter unique for the customer. */
    String id(String customerId, String label) {
        return idPrefix + "-" + customerId + "-" + label;
    }

    Tenant tenant(String locationId) {
        return new Tenant(brandId, locationId);
    }

    CustomerEvent.Builder customerEvent(String customerId, String label, Instant at, CustomerEventType type) {
        return CustomerEvent.newBuilder()
                .setEventId(id(customerId, label))
                .setTenant(tenant(null))
                .setCustomerId(customerId)
                .setEventTime(at)
                .setType(type);
    }

    BrowseEvent browse(String customerId, String label, Instant at, BrowseAction action, Product product,
                       Category category, String query) {
        return BrowseEvent.newBuilder()
                .setEventId(id(customerId, label))
                .setTenant(tenant(null))
                .setCustomerId(customerId)
                .setEventTime(at)
                .setAction(action)
                .setSku(product == null ? null : product.sku())
                .setCategory(product != null ? product.category().code() : category == null ? null : category.code())
                .setQuery(query)
                .build();
    }

    PurchaseEvent purchase(String customerId, String label, String orderId, Instant at, List<LineItem> lines,
                           SalesChannel channel, String storeId) {
        long total = lines.stream().mapToLong(line -> line.getUnitPriceMinor() * line.getQuantity()).sum();
        return PurchaseEvent.newBuilder()
                .setEventId(id(customerId, label))
                .setTenant(tenant(storeId))
                .setCustomerId(customerId)
                .setEventTime(at)
                .setOrderId(orderId)
                .setLines(lines)
                .setTotalMinor(total)
                .setCurrency(Product.CURRENCY)
                .setStoreId(storeId)
                .setChannel(channel)
                .build();
    }

    static LineItem line(Product product, int quantity, long unitPriceMinor) {
        return new LineItem(product.sku(), product.name(), product.category().code(), quantity, unitPriceMinor,
                Product.CURRENCY);
    }
}
