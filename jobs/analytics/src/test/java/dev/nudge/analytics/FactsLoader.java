package dev.nudge.analytics;

import com.clickhouse.jdbc.Driver;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.platform.clickhouse.PurchaseRows;
import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/** Inserts a scenario's facts through the job's own row binders, one JDBC batch per table, as the sink does. */
final class FactsLoader {

    static final KeyedHash HASH = KeyedHash.ofSecret("test-only-hash-key-0123456789");

    private FactsLoader() {}

    static void load(ClickHouseServer server, Scenario scenario) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        try (Connection connection = new Driver().connect(server.jdbcUrl(), credentials)) {
            insert(connection, new DecisionRows("nudge.decisions", HASH), scenario.decisions);
            insert(connection, new MessageRows("nudge.messages", HASH), scenario.texts);
            insert(connection, new EngagementRows("nudge.engagements", HASH), scenario.engagements);
            insert(connection, new ConversionRows("nudge.conversions", HASH), scenario.conversions);
            insert(connection, new PurchaseRows("nudge.purchases", HASH), scenario.purchases);
            insert(connection, new SequenceVersionRows("nudge.sequence_versions"), scenario.sequenceVersions);
        }
    }

    private static <T> void insert(Connection connection, RowBinder<T> binder, List<T> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(binder.insertSql())) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
