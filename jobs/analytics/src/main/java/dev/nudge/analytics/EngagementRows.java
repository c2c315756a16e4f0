package dev.nudge.analytics;

import dev.nudge.events.EngagementEvent;
import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/** An engagement as one row of nudge.engagements; the reply text is never stored, only its classified intent. */
public final class EngagementRows extends HashedRows<EngagementEvent> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("event_id", "brand_id", "customer_hash", "message_id", "type",
            "error_code", "reply_intent", "sequence_id", "step", "variant", "at");

    public EngagementRows(String table, KeyedHash hash) {
        super(table, COLUMNS, hash);
    }

    @Override
    public void bind(PreparedStatement statement, EngagementEvent event) throws SQLException {
        String brand = event.getTenant().getBrandId();
        statement.setString(1, event.getEventId());
        statement.setString(2, brand);
        statement.setString(3, hash.customer(brand, event.getCustomerId()));
        statement.setString(4, Objects.requireNonNullElse(event.getMessageId(), ""));
        statement.setString(5, event.getType().name());
        statement.setInt(6, Objects.requireNonNullElse(event.getErrorCode(), 0));
        statement.setString(7, event.getReplyIntent() == null ? "" : event.getReplyIntent().name());
        statement.setString(8, Objects.requireNonNullElse(event.getSequenceId(), ""));
        statement.setInt(9, Objects.requireNonNullElse(event.getStep(), -1));
        statement.setString(10, Objects.requireNonNullElse(event.getVariant(), ""));
        RowBinder.bindDateTime(statement, 11, event.getEventTime());
    }
}
