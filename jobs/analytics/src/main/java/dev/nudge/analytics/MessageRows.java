package dev.nudge.analytics;

import dev.nudge.events.SmsIntent;
import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A text (outbox intent) as one row of nudge.messages: customer and phone as keyed hashes, never the body; the
 * recipient's zone with the local hour and weekday the text was created at (ClickHouse takes zones only as constants).
 */
public final class MessageRows extends HashedRows<SmsIntent> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("message_id", "brand_id", "customer_hash", "phone_hash",
            "sequence_id", "sequence_version", "step", "trigger_id", "variant", "offer_sku", "offer_price_minor",
            "currency", "created_at", "time_zone", "local_hour", "local_weekday");

    public MessageRows(String table, KeyedHash hash) {
        super(table, COLUMNS, hash);
    }

    @Override
    public void bind(PreparedStatement statement, SmsIntent text) throws SQLException {
        String brand = text.getTenant().getBrandId();
        statement.setString(1, text.getIntentId());
        statement.setString(2, brand);
        statement.setString(3, hash.customer(brand, text.getCustomerId()));
        statement.setString(4, hash.phone(text.getToPhone()));
        statement.setString(5, text.getSequenceId());
        statement.setInt(6, text.getSequenceVersion());
        statement.setInt(7, text.getStep());
        statement.setString(8, text.getTriggerId());
        statement.setString(9, text.getVariant());
        statement.setString(10, Objects.requireNonNullElse(text.getOfferSku(), ""));
        statement.setLong(11, Objects.requireNonNullElse(text.getOfferPriceMinor(), 0L));
        statement.setString(12, Objects.requireNonNullElse(text.getCurrency(), ""));
        RowBinder.bindDateTime(statement, 13, text.getCreatedAt());
        ZonedDateTime local = localTime(text);
        statement.setString(14, local == null ? "" : text.getTimeZone());
        statement.setInt(15, local == null ? 0 : local.getHour());
        statement.setInt(16, local == null ? 0 : local.getDayOfWeek().getValue());
    }

    /** null when the intent's zone is not one the JVM knows: the row then says nothing about local time. */
    private static ZonedDateTime localTime(SmsIntent text) {
        try {
            return text.getCreatedAt().atZone(ZoneId.of(text.getTimeZone()));
        } catch (DateTimeException | NullPointerException e) {
            return null;
        }
    }
}
