package dev.nudge.demo;

import dev.nudge.simulator.ResponseParameters;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's options and defaults: 2,000 customers, 30 days, seed 42, ClickHouse on 18123 (HTTP) and 19000 (TCP), clear of a system clickhouse-server,
 * with its data in {@code .nudge/clickhouse} (relative to the repository), so {@code deploy/clickhouse.sh} and the
 * notebooks find it afterwards. {@code --sequences DIR} publishes the definitions of another directory than
 * {@code sequences/} (e.g. {@code demo/bandit}, the bandit run). {@code --best-variant-lift X} sets how many times
 * as often the simulator's best variant converts as the others (the response model's default is 1.5).
 */
record DemoOptions(int customers, int days, long seed, int clickHouseHttpPort, int clickHouseTcpPort,
                   String clickHouseDirectory, String sequencesDirectory, boolean cluster, double bestVariantLift) {

    /** {@code --cluster}: the jobs run on deploy/flink-cluster.sh's standalone cluster instead of a MiniCluster. */
    static final String CLUSTER = "--cluster";

    static DemoOptions parse(String... allArgs) {
        boolean cluster = Arrays.asList(allArgs).contains(CLUSTER);
        String[] args = Arrays.stream(allArgs).filter(arg -> !arg.equals(CLUSTER)).toArray(String[]::new);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        DemoOptions options = new DemoOptions(
                Integer.parseInt(values.getOrDefault("customers", "2000")),
                Integer.parseInt(values.getOrDefault("days", "30")),
                Long.parseLong(values.getOrDefault("seed", "42")),
                Integer.parseInt(values.getOrDefault("clickhouse-http-port", System.getenv().getOrDefault("NUDGE_CH_HTTP_PORT", "18123"))),
                Integer.parseInt(values.getOrDefault("clickhouse-tcp-port", System.getenv().getOrDefault("NUDGE_CH_TCP_PORT", "19000"))),
                values.getOrDefault("clickhouse-dir", ".nudge/clickhouse"),
                values.getOrDefault("sequences", "sequences"), cluster,
                Double.parseDouble(values.getOrDefault("best-variant-lift",
                        String.valueOf(ResponseParameters.defaults().bestVariantLift()))));
        values.keySet().removeAll(java.util.List.of("customers", "days", "seed", "clickhouse-http-port",
                "clickhouse-tcp-port", "clickhouse-dir", "sequences", "best-variant-lift"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + values.keySet());
        }
        return options;
    }

    /** The simulator's response model: its defaults, with the best variant's lift this run asks for. */
    ResponseParameters responseParameters() {
        ResponseParameters defaults = ResponseParameters.defaults();
        return defaults.withBestVariant(defaults.bestVariant(), bestVariantLift);
    }
}
