package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What one benchmark run measures and where it writes, read twice with this one class: by {@code ./nudge bench}
 * here, before Maven builds anything, and by the benchmark's own JVM ({@code dev.nudge.benchmark.BenchmarkMain}).
 * {@code --quick} is a smoke run of about a minute; without it the full run takes 10–15 minutes on two cores. Every
 * size can also be given on its own.
 */
public final class BenchOptions {

    @Option(names = "--quick", description = "a smoke run of about a minute (smaller sizes)")
    private boolean quick;

    @Option(names = "--customers", paramLabel = "N",
            description = "customers of the simulated retailer for the throughput and latency phases; default 60000, quick 3000")
    private Integer customers;

    @Option(names = "--days", paramLabel = "N", description = "simulated days for those phases; default 30")
    private Integer days;

    @Option(names = "--latency-seconds", paramLabel = "N",
            description = "how long the latency phase drives each job at half the sustainable rate; default 30, quick 5")
    private Integer latencySeconds;

    @Option(names = "--state-customers", paramLabel = "N",
            description = "customers in the state-size phase; default 1000000, quick 20000")
    private Integer stateCustomers;

    @Option(names = "--sink-rows", paramLabel = "N",
            description = "decision rows inserted into ClickHouse by the sink and by clickhouse-client; default 200000, quick 20000")
    private Integer sinkRows;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "parallelism of the keyed operators; default ${DEFAULT-VALUE}")
    private int parallelism;

    @Option(names = "--backends", split = ",", paramLabel = "BACKEND", defaultValue = "HEAP,ROCKSDB",
            description = "the state backends measured: ${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}")
    private List<StateBackend> backends;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "benchmark/target/results",
            description = "where results.md, results.csv and the plot go; default ${DEFAULT-VALUE}")
    private Path outDir;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "a document whose table section is replaced, e.g. BENCHMARKS.md")
    private Path markdown;

    @Option(names = "--no-plot", description = "do not draw the PNG (which needs /usr/bin/python3 and matplotlib)")
    private boolean noPlot;

    public BenchOptions validate() {
        for (int size : new int[] {customers(), days(), latencySeconds(), stateCustomers(), sinkRows(), parallelism}) {
            if (size < 1) {
                throw new UserError("sizes, seconds and the parallelism must be at least 1, not " + size);
            }
        }
        return this;
    }

    public int customers() {
        return customers != null ? customers : quick ? 3_000 : 60_000;
    }

    public int days() {
        return days != null ? days : 30;
    }

    public int latencySeconds() {
        return latencySeconds != null ? latencySeconds : quick ? 5 : 30;
    }

    public int stateCustomers() {
        return stateCustomers != null ? stateCustomers : quick ? 20_000 : 1_000_000;
    }

    public int sinkRows() {
        return sinkRows != null ? sinkRows : quick ? 20_000 : 200_000;
    }

    public int parallelism() {
        return parallelism;
    }

    public List<StateBackend> backends() {
        return List.copyOf(backends);
    }

    public Path outDir() {
        return outDir;
    }

    /** A document whose table section is replaced, or null. */
    public Path markdown() {
        return markdown;
    }

    public boolean plot() {
        return !noPlot;
    }

    /** The keyed state backends compared: Flink's heap backend and embedded RocksDB. */
    public enum StateBackend {
        HEAP("hashmap", "heap (HashMap)"),
        ROCKSDB("rocksdb", "RocksDB");

        /** Flink's {@code state.backend.type}. */
        public final String type;
        public final String label;

        StateBackend(String type, String label) {
            this.type = type;
            this.label = label;
        }
    }
}
