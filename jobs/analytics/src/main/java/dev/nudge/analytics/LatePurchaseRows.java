package dev.nudge.analytics;

import dev.nudge.events.PurchaseEvent;
import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A purchase too late to attribute as one row of nudge.late_purchases (sql/012); the customer as its keyed hash. */
public final class LatePurchaseRows extends HashedRows<LatePurchase> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("event_id", "brand_id", "customer_hash", "order_id",
            "event_time", "total_minor", "currency", "watermark");

    public LatePurchaseRows(String table, KeyedHash hash) {
        super(table, COLUMNS, hash);
    }

    @Override
    public void bind(PreparedStatement statement, LatePurchase late) throws SQLException {
        PurchaseEvent purchase = late.purchase;
        String brand = purchase.getTenant().getBrandId();
        statement.setString(1, purchase.getEventId());
        statement.setString(2, brand);
        statement.setString(3, hash.customer(brand, purchase.getCustomerId()));
        statement.setString(4, purchase.getOrderId());
        RowBinder.bindDateTime(statement, 5, purchase.getEventTime());
        statement.setLong(6, purchase.getTotalMinor());
        statement.setString(7, purchase.getCurrency());
        RowBinder.bindDateTime(statement, 8, Instant.ofEpochMilli(late.watermarkMillis));
    }
}
