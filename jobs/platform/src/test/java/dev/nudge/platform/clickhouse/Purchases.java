package dev.nudge.platform.clickhouse;

import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Deterministic test purchases: number n is fully determined by n, so tests can recompute any value. */
final class Purchases {

    static final Instant FIRST_EVENT_TIME = Instant.parse("2026-01-31T12:00:00Z");

    private Purchases() {
    }

    static List<PurchaseEvent> numbered(int count) {
        return IntStream.range(0, count).mapToObj(Purchases::number).toList();
    }

    static PurchaseEvent number(int n) {
        List<LineItem> lines = new ArrayList<>();
        for (int line = 0; line <= n % 3; line++) {
            lines.add(LineItem.newBuilder().setSku("sku-" + line).setName("Item " + line).setCategory("socks")
                    .setQuantity(1).setUnitPriceMinor(100L).setCurrency("EUR").build());
        }
        return PurchaseEvent.newBuilder()
                .setEventId(eventId(n))
                .setTenant(Tenant.newBuilder().setBrandId("brand-" + n % 2).setLocationId(n % 5 == 0 ? null : "loc-" + n % 7).build())
                .setCustomerId("customer-" + n % 100)
                .setEventTime(eventTime(n))
                .setOrderId("order-" + n)
                .setLines(lines)
                .setTotalMinor(totalMinor(n))
                .setCurrency("EUR")
                .setStoreId(null)
                .setChannel(SalesChannel.values()[n % SalesChannel.values().length])
                .build();
    }

    static String eventId(int n) {
        return String.format("evt-%06d", n);
    }

    /** A minute apart, so 10,000 purchases span January and February (two partitions). */
    static Instant eventTime(int n) {
        return FIRST_EVENT_TIME.plusSeconds(60L * n);
    }

    static long totalMinor(int n) {
        return 100L + n;
    }
}
