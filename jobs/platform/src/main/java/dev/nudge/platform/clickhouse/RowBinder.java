package dev.nudge.platform.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Maps one element to one row of a ClickHouse table for {@link ClickHouseSink}: the table, its columns in
 * parameter order, and how to bind an element's values to {@code ?} 1..n.
 */
public interface RowBinder<T> extends Serializable {

    /** Table to insert into, database included, e.g. {@code nudge.purchases}. */
    String table();

    /** Columns filled by {@link #bind}, in parameter order; the others take their defaults. */
    List<String> columns();

    /** Sets parameters 1..{@code columns().size()} from {@code element}. */
    void bind(PreparedStatement statement, T element) throws SQLException;

    default String insertSql() {
        String placeholders = String.join(", ", columns().stream().map(column -> "?").toList());
        return "INSERT INTO " + table() + " (" + String.join(", ", columns()) + ") VALUES (" + placeholders + ")";
    }

    /**
     * Binds a {@code DateTime} column as epoch seconds, the one form clickhouse-jdbc 0.11 inserts correctly into
     * both ClickHouse 18.16 and 24.x (a bound {@code Instant} needs {@code fromUnixTimestamp64Nano}, which 18.16 lacks).
     */
    static void bindDateTime(PreparedStatement statement, int parameterIndex, Instant time) throws SQLException {
        statement.setLong(parameterIndex, time.getEpochSecond());
    }
}
