package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** An attributed purchase as one row of nudge.conversions. */
public final class ConversionRows extends HashedRows<Conversion> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("conversion_id", "brand_id", "customer_hash", "holdout",
            "message_id", "decision_id", "sequence_id", "sequence_version", "step", "variant", "order_id",
            "revenue_minor", "offered_item", "offered_revenue_minor", "currency", "touched_at", "attributed_at");

    public ConversionRows(String table, KeyedHash hash) {
        super(table, COLUMNS, hash);
    }

    @Override
    public void bind(PreparedStatement statement, Conversion conversion) throws SQLException {
        statement.setString(1, conversion.conversionId);
        statement.setString(2, conversion.brandId);
        statement.setString(3, hash.customer(conversion.brandId, conversion.customerId));
        statement.setInt(4, conversion.holdout ? 1 : 0);
        statement.setString(5, conversion.messageId);
        statement.setString(6, conversion.decisionId);
        statement.setString(7, conversion.sequenceId);
        statement.setInt(8, conversion.sequenceVersion);
        statement.setInt(9, conversion.step);
        statement.setString(10, conversion.variant);
        statement.setString(11, conversion.orderId);
        statement.setLong(12, conversion.revenueMinor);
        statement.setInt(13, conversion.offeredItem ? 1 : 0);
        statement.setLong(14, conversion.offeredRevenueMinor);
        statement.setString(15, conversion.currency);
        RowBinder.bindDateTime(statement, 16, Instant.ofEpochMilli(conversion.touchedAtMillis));
        RowBinder.bindDateTime(statement, 17, Instant.ofEpochMilli(conversion.attributedAtMillis));
    }
}
