package dev.nudge.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one benchmark run measures and where it writes. {@code --quick} is a smoke run of about a minute; without it
 * the full run takes 10–15 minutes on two cores. Every size can also be given on its own:
 *
 * @param customers       customers of the simulated retailer for the throughput and latency phases
 * @param days            simulated days for those phases
 * @param latencySeconds  how long the latency phase drives each job at half the sustainable rate
 * @param stateCustomers  customers in the state-size phase (one simulated day each, most with a purchase)
 * @param sinkRows        decision rows inserted into ClickHouse by the sink and by clickhouse-client
 * @param parallelism     parallelism of the keyed operators
 * @param backends        the state backends measured
 * @param outDir          where results.md, results.csv and the plot go
 * @param markdown        a document whose table section is replaced (BENCHMARKS.md), or null
 * @param plot            whether to draw the PNG (with /usr/bin/python3 and matplotlib)
 */
record BenchmarkOptions(int customers, int days, int latencySeconds, int stateCustomers, int sinkRows,
                        int parallelism, List<Backend> backends, Path outDir, Path markdown, boolean plot) {

    static final String USAGE = "options: [--quick] [--customers N] [--days N] [--latency-seconds N] "
            + "[--state-customers N] [--sink-rows N] [--parallelism N] [--backends heap,rocksdb] "
            + "[--out DIR] [--markdown BENCHMARKS.md] [--no-plot]";

    static BenchmarkOptions full() {
        return new BenchmarkOptions(60_000, 30, 30, 1_000_000, 200_000, 1, List.of(Backend.values()),
                Path.of("benchmark/target/results"), null, true);
    }

    static BenchmarkOptions quick() {
        return new BenchmarkOptions(3_000, 30, 5, 20_000, 20_000, 1, List.of(Backend.values()),
                Path.of("benchmark/target/results"), null, true);
    }

    static BenchmarkOptions parse(String... args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        BenchmarkOptions options = rest.remove("--quick") ? quick() : full();
        boolean plot = !rest.remove("--no-plot");
        int customers = options.customers, days = options.days, latencySeconds = options.latencySeconds;
        int stateCustomers = options.stateCustomers, sinkRows = options.sinkRows, parallelism = options.parallelism;
        List<Backend> backends = options.backends;
        Path outDir = options.outDir, markdown = options.markdown;
        for (int i = 0; i < rest.size(); i += 2) {
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException("no value for " + rest.get(i) + "; " + USAGE);
            }
            String value = rest.get(i + 1);
            switch (rest.get(i)) {
                case "--customers" -> customers = Integer.parseInt(value);
                case "--days" -> days = Integer.parseInt(value);
                case "--latency-seconds" -> latencySeconds = Integer.parseInt(value);
                case "--state-customers" -> stateCustomers = Integer.parseInt(value);
                case "--sink-rows" -> sinkRows = Integer.parseInt(value);
                case "--parallelism" -> parallelism = Integer.parseInt(value);
                case "--backends" -> backends = Arrays.stream(value.split(","))
                        .map(name -> name.equals("heap") ? Backend.HEAP : Backend.valueOf(name.toUpperCase(Locale.ROOT)))
                        .toList();
                case "--out" -> outDir = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i) + "; " + USAGE);
            }
        }
        return new BenchmarkOptions(customers, days, latencySeconds, stateCustomers, sinkRows, parallelism, backends,
                outDir, markdown, plot);
    }
}
