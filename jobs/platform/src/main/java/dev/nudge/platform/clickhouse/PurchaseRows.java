package dev.nudge.platform.clickhouse;

import dev.nudge.events.PurchaseEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A purchase as one row of nudge.purchases (sql/002_purchases.sql, 010, 011), into any table of that shape. The
 * customer is stored only as its pseudonym, so no join (on order_id or anything else) leads back to the id.
 */
public final class PurchaseRows implements RowBinder<PurchaseEvent> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("event_id", "brand_id", "location_id", "customer_hash",
            "order_id", "event_time", "total_minor", "currency", "channel", "line_count");

    private final String table;
    private final CustomerPseudonym pseudonym;

    public PurchaseRows(String table, CustomerPseudonym pseudonym) {
        this.table = table;
        this.pseudonym = Objects.requireNonNull(pseudonym, "pseudonym");
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void bind(PreparedStatement statement, PurchaseEvent purchase) throws SQLException {
        statement.setString(1, purchase.getEventId());
        statement.setString(2, purchase.getTenant().getBrandId());
        statement.setString(3, Objects.requireNonNullElse(purchase.getTenant().getLocationId(), ""));
        statement.setString(4, pseudonym.customer(purchase.getTenant().getBrandId(), purchase.getCustomerId()));
        statement.setString(5, purchase.getOrderId());
        RowBinder.bindDateTime(statement, 6, purchase.getEventTime());
        statement.setLong(7, purchase.getTotalMinor());
        statement.setString(8, purchase.getCurrency());
        statement.setString(9, purchase.getChannel().name());
        statement.setInt(10, purchase.getLines().size());
    }
}
