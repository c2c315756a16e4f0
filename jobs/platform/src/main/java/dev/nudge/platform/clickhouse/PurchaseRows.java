package dev.nudge.platform.clickhouse;

import dev.nudge.events.PurchaseEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/** A purchase as one row of nudge.purchases (sql/002_purchases.sql), into any table of that shape. */
public final class PurchaseRows implements RowBinder<PurchaseEvent> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("event_id", "brand_id", "location_id", "customer_id",
            "order_id", "event_time", "total_minor", "currency", "channel", "line_count");

    private final String table;

    public PurchaseRows(String table) {
        this.table = table;
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
        statement.setString(4, purchase.getCustomerId());
        statement.setString(5, purchase.getOrderId());
        RowBinder.bindDateTime(statement, 6, purchase.getEventTime());
        statement.setLong(7, purchase.getTotalMinor());
        statement.setString(8, purchase.getCurrency());
        statement.setString(9, purchase.getChannel().name());
        statement.setInt(10, purchase.getLines().size());
    }
}
