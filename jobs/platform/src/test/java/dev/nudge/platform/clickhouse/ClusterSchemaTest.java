package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cluster form of each kind of statement the migrations use (what ClusteredClickHouseITCase runs for real). */
class ClusterSchemaTest {

    private static final String MESSAGES = """
            CREATE TABLE IF NOT EXISTS nudge.messages
            (
                message_id String,
                created_at DateTime
            )
            ENGINE = ReplacingMergeTree
            PARTITION BY toYYYYMM(created_at)
            ORDER BY (brand_id, toDate(created_at), message_id)""";

    private final ClusterSchema schema = new ClusterSchema("shop");

    @Test
    void aTableBecomesAReplicatedLocalTableAndADistributedTableShardedByItsSortKey() {
        assertThat(schema.rewrite("CREATE DATABASE IF NOT EXISTS nudge"))
                .containsExactly("CREATE DATABASE IF NOT EXISTS nudge ON CLUSTER shop");
        assertThat(schema.rewrite(MESSAGES)).containsExactly("""
                CREATE TABLE IF NOT EXISTS nudge.messages_local ON CLUSTER shop (
                    message_id String,
                    created_at DateTime
                ) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/nudge/messages_local', '{replica}') \
                PARTITION BY toYYYYMM(created_at)
                ORDER BY (brand_id, toDate(created_at), message_id)""",
                "CREATE TABLE IF NOT EXISTS nudge.messages ON CLUSTER shop AS nudge.messages_local ENGINE = "
                        + "Distributed(shop, nudge, messages_local, cityHash64(brand_id, toDate(created_at), message_id))");
        assertThat(schema.rewrite("CREATE TABLE nudge.versions (v Int32) ENGINE = ReplacingMergeTree(v) ORDER BY v"))
                .containsExactly("CREATE TABLE nudge.versions_local ON CLUSTER shop (v Int32) ENGINE = "
                                + "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/nudge/versions_local', "
                                + "'{replica}', v) ORDER BY v",
                        "CREATE TABLE IF NOT EXISTS nudge.versions ON CLUSTER shop AS nudge.versions_local ENGINE = "
                                + "Distributed(shop, nudge, versions_local, cityHash64(v))");
    }

    @Test
    void viewsReadAndWriteTheLocalTablesAndInsertsGoThroughTheDistributedOnes() {
        schema.rewrite(MESSAGES);
        schema.rewrite("CREATE TABLE nudge.daily (day Date) ENGINE = AggregatingMergeTree ORDER BY day");

        assertThat(schema.rewrite("CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_mv TO nudge.daily AS "
                + "SELECT toDate(created_at) AS day FROM nudge.messages GROUP BY day"))
                .containsExactly("CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_mv ON CLUSTER shop TO "
                        + "nudge.daily_local AS SELECT toDate(created_at) AS day FROM nudge.messages_local GROUP BY day");
        String insert = "INSERT INTO nudge.daily SELECT toDate(created_at) AS day FROM nudge.messages";
        assertThat(schema.rewrite(insert)).containsExactly(insert);
        assertThat(schema.rewrite("DROP TABLE IF EXISTS nudge.daily_mv"))
                .containsExactly("DROP TABLE IF EXISTS nudge.daily_mv ON CLUSTER shop");
    }

    @Test
    void anAlterChangesTheLocalTablesThenRecreatesTheDistributedOne() {
        schema.rewrite(MESSAGES);

        assertThat(schema.rewrite("ALTER TABLE nudge.messages ADD COLUMN zone String DEFAULT ''")).containsExactly(
                "ALTER TABLE nudge.messages_local ON CLUSTER shop ADD COLUMN zone String DEFAULT ''",
                "DROP TABLE IF EXISTS nudge.messages ON CLUSTER shop",
                "CREATE TABLE IF NOT EXISTS nudge.messages ON CLUSTER shop AS nudge.messages_local ENGINE = "
                        + "Distributed(shop, nudge, messages_local, cityHash64(brand_id, toDate(created_at), message_id))");
    }

    @Test
    void aSwapRenamesTheLocalTablesAndGivesEachDistributedTableItsOwnKeyUnderItsNewName() {
        schema.rewrite(MESSAGES);
        schema.rewrite("CREATE TABLE nudge.messages_new (message_id String) ENGINE = MergeTree ORDER BY message_id");

        assertThat(schema.rewrite("RENAME TABLE nudge.messages TO nudge.messages_old,\n"
                + "    nudge.messages_new TO nudge.messages")).containsExactly(
                "DROP TABLE IF EXISTS nudge.messages ON CLUSTER shop",
                "DROP TABLE IF EXISTS nudge.messages_new ON CLUSTER shop",
                "RENAME TABLE nudge.messages_local TO nudge.messages_old_local, "
                        + "nudge.messages_new_local TO nudge.messages_local ON CLUSTER shop",
                "CREATE TABLE IF NOT EXISTS nudge.messages_old ON CLUSTER shop AS nudge.messages_old_local ENGINE = "
                        + "Distributed(shop, nudge, messages_old_local, cityHash64(brand_id, toDate(created_at), message_id))",
                "CREATE TABLE IF NOT EXISTS nudge.messages ON CLUSTER shop AS nudge.messages_local ENGINE = "
                        + "Distributed(shop, nudge, messages_local, cityHash64(message_id))");
        assertThat(schema.rewrite("DROP TABLE nudge.messages_old")).containsExactly(
                "DROP TABLE nudge.messages_old ON CLUSTER shop", "DROP TABLE nudge.messages_old_local ON CLUSTER shop");
    }

    @Test
    void refusesWhatHasNoClusterForm() {
        assertThatThrownBy(() -> schema.rewrite("CREATE TABLE nudge.t (a UInt8) ENGINE = Memory"))
                .hasMessageStartingWith("No cluster form for this statement");
        assertThatThrownBy(() -> schema.rewrite("CREATE TABLE nudge.t (a UInt8) ENGINE = MergeTree ORDER BY tuple()"))
                .hasMessageContaining("its sharding key is its ORDER BY");
        assertThatThrownBy(() -> schema.rewrite("ALTER TABLE nudge.unknown DROP COLUMN a"))
                .hasMessageContaining("nudge.unknown is not a MergeTree table created by an earlier migration");
        assertThatThrownBy(() -> schema.rewrite("DROP DATABASE nudge")).hasMessageStartingWith("No cluster form");
        assertThatThrownBy(() -> new ClusterSchema("two words")).isInstanceOf(IllegalArgumentException.class);
    }
}
