package dev.nudge.analytics;

import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.Migrations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Not a test: inserts the same text rows into nudge.messages once through {@link ClickHouseSink} (a local Flink job,
 * parallelism 1, default batch options) and once with {@code clickhouse-client ... FORMAT TSV}, on a private
 * ClickHouse, and prints both rates and their ratio. Args: {@code [rows]} (default 200000).
 */
public final class SinkBenchmark {

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<SmsIntent> texts = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            texts.add(Events.text("c-" + i, "coffee", i % 3, i % 2 == 0 ? "A" : "B", "kit", Events.MARCH_2.plusSeconds(i)));
        }
        try (ClickHouseServer server = ClickHouseServer.start()) {
            Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql"));
            server.execute("CREATE TABLE nudge.messages_tsv AS nudge.messages");

            double sinkRate = viaSink(server, texts);
            double clientRate = viaClickHouseClient(server, texts);
            System.out.printf("rows                 %d%n", rows);
            System.out.printf("ClickHouseSink       %,.0f rows/s (Flink local job, parallelism 1, batches of %d)%n",
                    sinkRate, ClickHouseSinkOptions.DEFAULT_MAX_BATCH_ROWS);
            System.out.printf("clickhouse-client    %,.0f rows/s (one INSERT ... FORMAT TSV over native TCP)%n", clientRate);
            System.out.printf("sink / client        %.2f%n", sinkRate / clientRate);
        }
    }

    private static double viaSink(ClickHouseServer server, List<SmsIntent> texts) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder(server.jdbcUrl()).maxBatchDelay(Duration.ofMillis(200)).build();
        env.fromData(texts, TypeInformation.of(SmsIntent.class))
                .sinkTo(new ClickHouseSink<>(options, new MessageRows("nudge.messages", FactsLoader.HASH)))
                .uid("sink-messages").name("ClickHouse nudge.messages");
        long start = System.nanoTime();
        env.execute("sink-benchmark");
        double seconds = (System.nanoTime() - start) / 1e9;
        requireRows(server, "nudge.messages", texts.size());
        System.out.printf("ClickHouseSink       %.2f s (job start included)%n", seconds);
        return texts.size() / seconds;
    }

    private static double viaClickHouseClient(ClickHouseServer server, List<SmsIntent> texts) throws Exception {
        MessageRows binder = new MessageRows("nudge.messages_tsv", FactsLoader.HASH);
        Path tsv = Files.createTempFile("messages-", ".tsv");
        StringBuilder out = new StringBuilder();
        KeyedHash hash = FactsLoader.HASH;
        for (SmsIntent t : texts) {
            String brand = t.getTenant().getBrandId();
            out.append(t.getIntentId()).append('\t').append(brand).append('\t')
                    .append(hash.customer(brand, t.getCustomerId())).append('\t').append(hash.phone(t.getToPhone()))
                    .append('\t').append(t.getSequenceId()).append('\t').append(t.getSequenceVersion())
                    .append('\t').append(t.getStep()).append('\t').append(t.getTriggerId()).append('\t')
                    .append(t.getVariant()).append('\t').append(Objects.requireNonNullElse(t.getOfferSku(), ""))
                    .append('\t').append(Objects.requireNonNullElse(t.getOfferPriceMinor(), 0L)).append('\t')
                    .append(Objects.requireNonNullElse(t.getCurrency(), "")).append('\t')
                    .append(t.getCreatedAt().getEpochSecond()).append('\n');
        }
        Files.writeString(tsv, out, StandardCharsets.UTF_8);
        String insert = "INSERT INTO nudge.messages_tsv (" + String.join(", ", binder.columns()) + ") FORMAT TSV";
        long start = System.nanoTime();
        Process client = new ProcessBuilder("clickhouse-client", "--port", Integer.toString(server.tcpPort()),
                "--query", insert).redirectInput(tsv.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (client.waitFor() != 0) {
            throw new IllegalStateException("clickhouse-client failed with " + client.exitValue());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(tsv);
        requireRows(server, "nudge.messages_tsv", texts.size());
        System.out.printf("clickhouse-client    %.2f s (process start included)%n", seconds);
        return texts.size() / seconds;
    }

    private static void requireRows(ClickHouseServer server, String table, int expected) {
        long actual = Long.parseLong(server.query("SELECT uniqExact(message_id) FROM " + table).trim());
        if (actual != expected) {
            throw new IllegalStateException(table + " holds " + actual + " texts, expected " + expected);
        }
    }
}
