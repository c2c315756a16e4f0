package dev.nudge.benchmark;

import dev.nudge.cli.BenchOptions.StateBackend;
import dev.nudge.analytics.DecisionRows;
import dev.nudge.analytics.KeyedHash;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.events.Decision;
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The same decision rows inserted into two copies of nudge.decisions (sql/003_facts.sql) on one private ClickHouse:
 * once through {@link ClickHouseSink} in a Flink job (parallelism 1, default batches), once with
 * {@code clickhouse-client ... FORMAT TSV} (one INSERT over native TCP). Both timings include start-up: the job's,
 * and the client process's.
 */
final class ClickHouseFigures {

    private static final KeyedHash HASH = KeyedHash.ofSecret("benchmark-only-hash-key-0123456789");

    private final ClickHouseServer server;

    ClickHouseFigures(ClickHouseServer server) {
        this.server = server;
    }

    record Rates(double sinkRowsPerSecond, double clientRowsPerSecond) {}

    Rates measure(StateBackend backend, List<Decision> rows) throws Exception {
        String suffix = backend.name().toLowerCase();
        String sinkTable = "nudge.decisions_sink_" + suffix;
        String clientTable = "nudge.decisions_client_" + suffix;
        server.execute("CREATE TABLE " + sinkTable + " AS nudge.decisions");
        server.execute("CREATE TABLE " + clientTable + " AS nudge.decisions");
        return new Rates(viaSink(backend, sinkTable, rows), viaClickHouseClient(clientTable, rows));
    }

    private double viaSink(StateBackend backend, String table, List<Decision> rows) throws Exception {
        StreamExecutionEnvironment env = Backends.environment(backend, 1);
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder(server.jdbcUrl())
                .maxBatchDelay(Duration.ofMillis(200)).build();
        env.fromData(rows, new AvroTypeInfo<>(Decision.class)).uid("source-decisions").name("Decision rows")
                .sinkTo(new ClickHouseSink<>(options, new DecisionRows(table, HASH)))
                .uid("sink-decisions").name("ClickHouse " + table);
        long start = System.nanoTime();
        env.execute("benchmark-clickhouse-sink");
        double seconds = (System.nanoTime() - start) / 1e9;
        requireRows(table, rows.size());
        return rows.size() / seconds;
    }

    private double viaClickHouseClient(String table, List<Decision> rows) throws Exception {
        DecisionRows binder = new DecisionRows(table, HASH);
        TsvRows<Decision> tsvRows = new TsvRows<>(binder);
        StringBuilder tsv = new StringBuilder();
        for (Decision row : rows) {
            tsvRows.append(row, tsv);
        }
        Path file = Files.createTempFile("decisions-", ".tsv");
        Files.writeString(file, tsv, StandardCharsets.UTF_8);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", binder.columns()) + ") FORMAT TSV";
        long start = System.nanoTime();
        Process client = new ProcessBuilder("clickhouse-client", "--port", Integer.toString(server.tcpPort()),
                "--query", insert).redirectInput(file.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (client.waitFor() != 0) {
            throw new IllegalStateException("clickhouse-client failed with " + client.exitValue());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        requireRows(table, rows.size());
        return rows.size() / seconds;
    }

    private void requireRows(String table, int expected) {
        long actual = Long.parseLong(server.query("SELECT uniqExact(decision_id) FROM " + table).trim());
        if (actual != expected) {
            throw new IllegalStateException(table + " holds " + actual + " decisions, expected " + expected);
        }
    }
}
