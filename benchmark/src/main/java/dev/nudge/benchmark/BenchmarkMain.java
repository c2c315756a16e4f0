package dev.nudge.benchmark;

import dev.nudge.cli.BenchOptions;
import dev.nudge.cli.BenchOptions.StateBackend;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.sequencer.ReferenceInput;
import dev.nudge.sequencer.SequencerInput;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./nudge bench}: the sequencer (jobs/sequencer, {@code CustomerSequencer}) and the ClickHouse sink against
 * baselines measured in the same run, on each state backend, fed from the simulator in memory through a bounded
 * FLIP-27 source on a local MiniCluster (no Kafka). Prints a Markdown table and writes it, a CSV and a PNG to
 * {@code --out}; with {@code --markdown BENCHMARKS.md} it also replaces that document's table section.
 */
public final class BenchmarkMain {

    /** Spontaneous orders per customer per 30 days in the one-day state phase: most customers buy that day. */
    static final double STATE_PURCHASE_RATE = 45;
    static final Duration LATENCY_MIN_SPAN = Duration.ofDays(4);
    static final String SOURCE = "bounded in-memory FLIP-27 source (benchmark InMemorySource) over the simulator's "
            + "events, one split, watermark before each new event time";

    private final BenchOptions options;
    private final Path root;
    private final PrintStream out;

    private BenchmarkMain(BenchOptions options, Path root, PrintStream out) {
        this.options = options;
        this.root = root;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bandit")) {
            BanditBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        run(System.out, args);
        // Flink's and ClickHouse's non-daemon threads must not keep a finished benchmark alive.
        System.exit(0);
    }

    /** Runs every phase; returns the figures, in table order. */
    static List<Figure> run(PrintStream out, String... args) throws Exception {
        BenchOptions options = CommandLines.parse(new BenchOptions(), args).validate();
        Path root = Path.of(System.getProperty("nudge.root", ".")).toAbsolutePath().normalize();
        return new BenchmarkMain(options, root, out).run();
    }

    private List<Figure> run() throws Exception {
        long started = System.nanoTime();
        out.printf("Nudge benchmark: %,d customers x %d days (throughput, latency), %,d customers (state), %,d rows "
                        + "(ClickHouse), parallelism %d, backends %s%n", options.customers(), options.days(),
                options.stateCustomers(), options.sinkRows(), options.parallelism(), options.backends());
        out.println("Source: " + SOURCE);
        SimulatedInputs inputs = SimulatedInputs.of(root, options.customers(), options.days(), 1.0);
        List<SequencerInput> events = inputs.materialize();
        out.printf("Simulated %,d customer events%n", events.size());
        SimulatedInputs stateInputs = SimulatedInputs.of(root, options.stateCustomers(), 1, STATE_PURCHASE_RATE);

        List<Figure> throughput = new ArrayList<>(), state = new ArrayList<>(), timers = new ArrayList<>(),
                decisions = new ArrayList<>(), sink = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (ClickHouseServer clickHouse = ClickHouseServer.start()) {
            Migrations.apply(clickHouse.httpUrl(), root.resolve("sql"));
            ClickHouseFigures clickHouseFigures = new ClickHouseFigures(clickHouse);
            for (StateBackend backend : options.backends()) {
                out.printf("%n== %s ==%n", backend.label);
                DecisionProbeSink.Tap fullSpeed = sequencerTap(inputs, null, options.sinkRows());
                double sequencerRate = sequencerThroughput(backend, inputs, events, fullSpeed);
                double bareRate = bareThroughput(backend, events);
                out.printf("  throughput     sequencer %,.0f events/s, bare job %,.0f events/s%n", sequencerRate, bareRate);
                throughput.add(new Figure("events/s at full speed", backend, sequencerRate, bareRate,
                        "bare Flink job: same source and keyBy, one ValueState and one timer per key"));

                double rate = sequencerRate / 2;
                List<SequencerInput> paced = events.subList(0, latencyEvents(events, rate));
                RunProbe sequencerProbe = sequencerLatency(backend, inputs, paced, rate);
                RunProbe bareProbe = bareLatency(backend, paced, rate);
                out.printf("  latency        at %,.0f events/s (%,d events): sequencer timer p99 %.1f ms (%,d steps), "
                                + "decision p99 %.1f ms (%,d); bare timer p99 %.1f ms, output p99 %.1f ms%n", rate,
                        paced.size(), sequencerProbe.timerLateness.percentileMillis(99), sequencerProbe.timerLateness.count(),
                        sequencerProbe.decisionLatency.percentileMillis(99), sequencerProbe.decisionLatency.count(),
                        bareProbe.timerLateness.percentileMillis(99), bareProbe.decisionLatency.percentileMillis(99));
                String atRate = String.format("at %,.0f events/s (half the sequencer's full speed)", rate);
                timers.add(new Figure("timer lateness p99, ms", backend,
                        sequencerProbe.timerLateness.percentileMillis(99), bareProbe.timerLateness.percentileMillis(99),
                        "bare job's timers, both " + atRate));
                decisions.add(new Figure("decision latency p99, ms", backend,
                        sequencerProbe.decisionLatency.percentileMillis(99), bareProbe.decisionLatency.percentileMillis(99),
                        "bare job: input to its output record, both " + atRate));

                StateSizes sizes = stateSizes(backend, stateInputs);
                out.printf("  state          %,d customers (%,d sequence entries): sequencer %,d bytes, bare job %,d bytes%n",
                        sizes.customers, sizes.entered, sizes.sequencerBytes, sizes.bareBytes);
                state.add(new Figure(String.format("state bytes per customer, %,d customers", sizes.customers), backend,
                        (double) sizes.sequencerBytes / sizes.customers, (double) sizes.bareBytes / sizes.customers,
                        "bare job (one Long and one timer per key)"));

                List<Decision> rows = decisionRows(fullSpeed.kept(), options.sinkRows());
                ClickHouseFigures.Rates rates = clickHouseFigures.measure(backend, rows);
                out.printf("  ClickHouse     sink %,.0f rows/s, clickhouse-client %,.0f rows/s (%,d decision rows)%n",
                        rates.sinkRowsPerSecond(), rates.clientRowsPerSecond(), rows.size());
                sink.add(new Figure(String.format("ClickHouse rows/s, %,d decision rows", rows.size()), backend,
                        rates.sinkRowsPerSecond(), rates.clientRowsPerSecond(),
                        "clickhouse-client, one INSERT ... FORMAT TSV, same rows"));
                fullSpeed.close();
            }
        }
        List<Figure> figures = new ArrayList<>();
        Stream.of(throughput, state, timers, decisions, sink).forEach(figures::addAll);
        notes.add(String.format("Input: simulator (seed 42), %,d customers x %d days = %,d customer events; %s.",
                options.customers(), options.days(), events.size(), SOURCE));
        notes.add("events/s: customer events / (first record emitted to job finished); the sequencer is SequencerJob "
                + "with CustomerSequencer in event time, the four example sequences, no checkpoints during the run.");
        notes.add("State: a savepoint in the backend's native format (what a checkpoint writes: heap = serializer "
                + "bytes, RocksDB = SST files) taken after a simulated day of " + String.format("%,d", options.stateCustomers())
                + " customers (sign-up, consent, orders, browsing), divided by the customers; timers and keys included.");
        notes.add("Latency: both jobs are driven at half the sequencer's full-speed rate. Timer lateness: a step's "
                + "decision (sent, deferred, skipped, completed) at the sink minus when the source's watermark passed "
                + "its due time. Decision latency: an entry, hold-out, exit or pause at the sink minus when its input left the source. "
                + "Flink's default network buffer timeout (100 ms) applies to both jobs.");
        notes.add("ClickHouse: both timings include start-up (the Flink job's, the client process's); the tables are "
                + "copies of nudge.decisions on one private clickhouse-server; rows are the run's own decisions, "
                + "repeated with fresh ids up to the count.");
        notes.add(String.format("Parallelism %d; run took %.0f s.", options.parallelism(), (System.nanoTime() - started) / 1e9));
        String table = ResultsTable.markdown(figures, notes);
        out.println();
        out.println(table);
        write(figures, table);
        return figures;
    }

    private void write(List<Figure> figures, String table) throws IOException, InterruptedException {
        Path outDir = root.resolve(options.outDir());
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("results.md"), table);
        Path csv = outDir.resolve("results.csv");
        ResultsTable.writeCsv(figures, csv);
        out.println("Wrote " + outDir.resolve("results.md") + " and " + csv);
        if (options.markdown() != null) {
            ResultsTable.splice(root.resolve(options.markdown()), table);
            out.println("Replaced the table in " + options.markdown());
        }
        if (options.plot()) {
            Path png = outDir.resolve("benchmark.png");
            Process plot = new ProcessBuilder("/usr/bin/python3", root.resolve("benchmark/plot.py").toString(),
                    csv.toString(), png.toString()).inheritIO().start();
            if (plot.waitFor() != 0) {
                throw new IllegalStateException("benchmark/plot.py failed with " + plot.exitValue());
            }
            out.println("Wrote " + png);
        }
    }

    /**
     * The latency phase's events: {@code --latency-seconds} at the rate, but never less than the first
     * {@link #LATENCY_MIN_SPAN} of simulated time, so that steps and timers come due however short the phase.
     */
    private int latencyEvents(List<SequencerInput> events, double rate) {
        long until = events.get(0).eventTimeMillis() + LATENCY_MIN_SPAN.toMillis();
        int span = 0;
        while (span < events.size() && events.get(span).eventTimeMillis() < until) {
            span++;
        }
        return (int) Math.min(events.size(), Math.max(span, rate * options.latencySeconds()));
    }

    private DecisionProbeSink.Tap sequencerTap(SimulatedInputs inputs, RunProbe probe, int keep) {
        return new DecisionProbeSink.Tap(probe == null ? RunProbe.open(null) : probe, inputs.definitions, keep);
    }

    private double sequencerThroughput(StateBackend backend, SimulatedInputs inputs, List<SequencerInput> events,
                                       DecisionProbeSink.Tap tap) throws Exception {
        Feed<SequencerInput> customers = Feed.open(events::iterator, SequencerInput::eventTimeMillis, 0,
                tap.definitionsLoaded, false, false);
        StreamExecutionEnvironment env = Backends.environment(backend, options.parallelism());
        SequencerRun.build(env, customers, references(inputs, false), tap, false);
        return timed(env, "benchmark-sequencer-throughput", customers, events.size());
    }

    private double bareThroughput(StateBackend backend, List<SequencerInput> events) throws Exception {
        Feed<SequencerInput> customers = Feed.of(events, SequencerInput::eventTimeMillis);
        StreamExecutionEnvironment env = Backends.environment(backend, options.parallelism());
        BareJob.build(env, customers, RunProbe.open(null));
        return timed(env, "benchmark-bare-throughput", customers, events.size());
    }

    private static double timed(StreamExecutionEnvironment env, String name, Feed<SequencerInput> customers, int count)
            throws Exception {
        try {
            env.execute(name);
            return count / ((System.nanoTime() - customers.firstEmitNanos) / 1e9);
        } finally {
            customers.close();
        }
    }

    private RunProbe sequencerLatency(StateBackend backend, SimulatedInputs inputs, List<SequencerInput> events, double rate)
            throws Exception {
        Feed<SequencerInput> customers = Feed.open(events::iterator, SequencerInput::eventTimeMillis, rate,
                new CompletableFuture<>(), false, true);
        RunProbe probe = RunProbe.open(customers.clock);
        DecisionProbeSink.Tap tap = sequencerTap(inputs, probe, 0);
        tap.definitionsLoaded.thenRun(() -> customers.gate.complete(null));
        StreamExecutionEnvironment env = Backends.environment(backend, options.parallelism());
        SequencerRun.build(env, customers, references(inputs, false), tap, false);
        try {
            env.execute("benchmark-sequencer-latency");
            return probe;
        } finally {
            customers.close();
            tap.close();
            probe.close();
        }
    }

    private RunProbe bareLatency(StateBackend backend, List<SequencerInput> events, double rate) throws Exception {
        Feed<SequencerInput> customers = Feed.open(events::iterator, SequencerInput::eventTimeMillis, rate,
                CompletableFuture.completedFuture(null), false, true);
        RunProbe probe = RunProbe.open(customers.clock);
        StreamExecutionEnvironment env = Backends.environment(backend, options.parallelism());
        BareJob.build(env, customers, probe);
        try {
            env.execute("benchmark-bare-latency");
            return probe;
        } finally {
            customers.close();
            probe.close();
        }
    }

    record StateSizes(long customers, long entered, long sequencerBytes, long bareBytes) {}

    /** Each job fed the state phase's simulated day, then stopped with a savepoint; the savepoints' sizes. */
    private StateSizes stateSizes(StateBackend backend, SimulatedInputs inputs) throws Exception {
        AtomicLong signUps = new AtomicLong();
        DecisionProbeSink.Tap tap = sequencerTap(inputs, null, 0);
        Feed<SequencerInput> sequencerFeed = Feed.open(() -> inputs.customerStream(signUps),
                SequencerInput::eventTimeMillis, 0, tap.definitionsLoaded, true, false);
        StreamExecutionEnvironment sequencerEnv = Backends.environment(backend, options.parallelism());
        SequencerRun.build(sequencerEnv, sequencerFeed, references(inputs, true), tap, true);
        long sequencerBytes = savepointBytes(sequencerEnv, "benchmark-state-sequencer-" + backend, sequencerFeed);
        tap.close();

        Feed<SequencerInput> bareFeed = Feed.open(() -> inputs.customerStream(new AtomicLong()),
                SequencerInput::eventTimeMillis, 0, CompletableFuture.completedFuture(null), true, false);
        StreamExecutionEnvironment bareEnv = Backends.environment(backend, options.parallelism());
        BareJob.build(bareEnv, bareFeed, RunProbe.open(null));
        long bareBytes = savepointBytes(bareEnv, "benchmark-state-bare-" + backend, bareFeed);
        return new StateSizes(signUps.get(), tap.count(DecisionOutcome.ENTERED), sequencerBytes, bareBytes);
    }

    /**
     * Runs the job until its feed is drained, then stops it with a native savepoint. The savepoint barrier follows
     * the last record, so the savepoint holds the state after every record.
     */
    private long savepointBytes(StreamExecutionEnvironment env, String name, Feed<SequencerInput> feed) throws Exception {
        Path directory = Files.createTempDirectory(name);
        try {
            JobClient job = env.executeAsync(name);
            CompletableFuture.anyOf(feed.drained, job.getJobExecutionResult()).get(30, TimeUnit.MINUTES);
            if (!feed.drained.isDone()) {
                throw new IllegalStateException(name + " ended before its input did");
            }
            String savepoint = stopWithSavepoint(job, directory);
            long bytes = directorySize(Path.of(java.net.URI.create(savepoint)));
            job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
            return bytes;
        } finally {
            feed.close();
            deleteRecursively(directory);
        }
    }

    /** Tries again while a task downstream of a tiny, already drained feed is still starting. */
    private static String stopWithSavepoint(JobClient job, Path directory) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return job.stopWithSavepoint(false, directory.toUri().toString(), SavepointFormatType.NATIVE)
                        .get(10, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                boolean starting = ExceptionUtils.findThrowable(e, CheckpointException.class)
                        .filter(c -> c.getCheckpointFailureReason() == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
                        .isPresent();
                if (!starting || attempt == 100) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** No watermarks from the broadcast side: it is read ahead of the customers and would carry event time on. */
    private static Feed<ReferenceInput> references(SimulatedInputs inputs, boolean holdOpen) {
        return Feed.open(inputs.references::iterator, reference -> Long.MIN_VALUE, 0,
                CompletableFuture.completedFuture(null), holdOpen, false);
    }

    /** The run's own decisions, repeated with fresh ids up to {@code count} rows. */
    static List<Decision> decisionRows(List<Decision> decisions, int count) {
        if (decisions.isEmpty()) {
            throw new IllegalStateException("the sequencer decided nothing: no rows for ClickHouse");
        }
        List<Decision> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Decision decision = decisions.get(i % decisions.size());
            rows.add(i < decisions.size() ? decision
                    : Decision.newBuilder(decision).setDecisionId(decision.getDecisionId() + "#" + i / decisions.size()).build());
        }
        return rows;
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
