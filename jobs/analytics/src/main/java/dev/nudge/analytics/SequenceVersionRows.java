package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** An accepted definition version as one row of nudge.sequence_versions (sql/012). */
public final class SequenceVersionRows implements RowBinder<SequenceVersion> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("brand_id", "sequence_id", "version", "published_at",
            "holdout_percent", "attribution_window_seconds", "document");

    private final String table;

    public SequenceVersionRows(String table) {
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
    public void bind(PreparedStatement statement, SequenceVersion row) throws SQLException {
        statement.setString(1, row.brandId);
        statement.setString(2, row.sequenceId);
        statement.setInt(3, row.version);
        RowBinder.bindDateTime(statement, 4, Instant.ofEpochMilli(row.publishedAtMillis));
        statement.setInt(5, row.holdoutPercent);
        statement.setLong(6, row.attributionWindowSeconds);
        statement.setString(7, row.document);
    }
}
