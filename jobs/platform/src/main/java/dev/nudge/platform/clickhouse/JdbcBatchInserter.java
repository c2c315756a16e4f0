package dev.nudge.platform.clickhouse;

import com.clickhouse.jdbc.Driver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserts one batch in one JDBC batch statement; owns a connection that it reopens after any failure. */
final class JdbcBatchInserter<T> implements AutoCloseable {

    private final ClickHouseSinkOptions options;
    private final RowBinder<T> binder;
    private final String insertSql;
    private Connection connection;

    JdbcBatchInserter(ClickHouseSinkOptions options, RowBinder<T> binder) {
        this.options = options;
        this.binder = binder;
        this.insertSql = binder.insertSql();
    }

    String table() {
        return binder.table();
    }

    void insert(List<T> rows) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(insertSql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            // The driver directly, not DriverManager: that one cannot see drivers in Flink's user-code class loader.
            connection = new Driver().connect(options.jdbcUrl(), options.login().jdbcProperties());
            if (connection == null) {
                throw new SQLException("clickhouse-jdbc does not accept the URL " + options.jdbcUrl());
            }
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is dropped either way; the next insert opens a new one.
            }
            connection = null;
        }
    }
}
