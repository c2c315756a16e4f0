package dev.nudge.demo;

import dev.nudge.devstack.Await;
import dev.nudge.devstack.ChildJvm;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.RecordedRequest;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.CrashingDispatcherMain;
import dev.nudge.dispatcher.SendLedgerTopic;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.sequencer.TopicClient;
import dev.nudge.simulator.KafkaEventWriter;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import dev.nudge.simulator.WriteReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection across the whole send path: 100,000 simulated events go through the sequencer (a Flink job in its
 * own JVM, exactly-once into the outbox) and the dispatcher (its own JVM, the send ledger) to the Twilio fake, while
 * both are killed with SIGKILL at random moments and the dispatcher also halts itself now and then between Twilio's
 * answer and the ledger write. Each is restarted after every crash: the sequencer from its newest retained
 * checkpoint, the dispatcher from its ledger. After the last restart both run to the end.
 *
 * <p>Then no idempotency key (the intent id in the status callback) may have reached Twilio twice, the outbox holds
 * every intent once, and every intent is settled in the ledger: SENT with exactly one message at Twilio, IN_DOUBT
 * (reported) with none, SKIPPED with a reason, or FAILED.
 *
 * <p>Time: the sequencer runs in event time over a simulated November; the dispatcher judges expiry and quiet hours
 * by a clock set to a fixed weekday afternoon after it ({@link #DISPATCH_AT}, daytime in every US zone), and texts
 * stay valid for {@link #INTENT_TTL}, so no check depends on the hour the test runs at. The kill moments come from
 * a seeded Random: the seed is printed, and {@code -Dnudge.faults.seed=...} repeats a run's schedule.
 */
class FaultInjectionITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();
    private static final Topics TOPICS = Topics.withPrefix("faults.");
    private static final Topic<SendLedgerEntry> LEDGER = SendLedgerTopic.of(TOPICS);
    private static final String BRAND = "demo-roasters";
    private static final String SENDER = "+15005550006";
    private static final String SEQUENCER_GROUP = "faults-sequencer";
    private static final int EVENTS = 100_000;
    /** About 100,000 events in 28 days: the simulator makes some 15 events per customer a month. */
    private static final int CUSTOMERS = 7_000;
    private static final Instant DISPATCH_AT = Instant.parse("2025-12-15T19:00:00Z");
    private static final Duration INTENT_TTL = Duration.ofDays(60);
    private static final int SEQUENCER_KILLS = 5;
    private static final int DISPATCHER_CRASHES = 6;
    private static final int DISPATCHER_HALTS = 2;
    private static final double HALT_PROBABILITY = 0.02;
    /** Far beyond what any step takes (the whole test takes some 3 minutes): only a hang should meet it. */
    private static final Duration DEADLINE = Duration.ofMinutes(8);

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension().withTopics(
            Stream.concat(TOPICS.all().stream(), Stream.of(LEDGER)).map(Topic::toNewTopic).toList());

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @Test
    void noIdempotencyKeyReachesTwilioTwiceAndEveryIntentIsSettledWhileBothProcessesAreKilled() throws Exception {
        long seed = Long.getLong("nudge.faults.seed", System.nanoTime());
        System.out.println("fault injection: seed " + seed);
        long started = System.nanoTime();
        ExecutorService chaos = Executors.newFixedThreadPool(2);
        // Twilio's timestamps and the dispatcher's clock agree, or reconciliation would look in the wrong place.
        Duration clockOffset = Duration.between(Instant.now(), DISPATCH_AT);
        Clock clock = Clock.offset(Clock.systemUTC(), clockOffset);
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .statusCallbacks(false).clock(clock);
             TopicClient kafka = new TopicClient(KAFKA.bootstrapServers())) {
            definitions().forEach(definition ->
                    kafka.send(TOPICS.sequenceDefinitions(), definition.getSequenceId(), definition));
            long written = writeEvents();
            System.out.printf("fault injection: %,d events written after %.1f s; logs in %s%n", written,
                    (System.nanoTime() - started) / 1e9, work);

            SequencerChaos sequencer = new SequencerChaos(new Random(seed));
            DispatcherChaos dispatcher = new DispatcherChaos(twilio, clockOffset, new Random(seed + 1));
            Future<?> sequencerDone = chaos.submit(sequencer::run);
            Future<?> dispatcherDone = chaos.submit(dispatcher::run);
            sequencerDone.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            dispatcherDone.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

            System.out.printf("fault injection: crashes over after %.1f s%n", (System.nanoTime() - started) / 1e9);
            // The sequencer has drained: the outbox is final. The last dispatcher runs without halting.
            List<SmsIntent> outbox = kafka.readAll(TOPICS.outbox());
            Set<String> intentIds = outbox.stream().map(SmsIntent::getIntentId).collect(Collectors.toSet());
            Process last = dispatcher.launch(0);
            Map<String, SendLedgerEntry> ledger = new HashMap<>();
            try (TopicClient.Tail<SendLedgerEntry> ledgerTail = kafka.tail(LEDGER)) {
                Await.until(() -> {
                    ledgerTail.readToEnd().forEach(entry -> ledger.put(entry.getIntentId(), entry));
                    return ledger.keySet().containsAll(intentIds)
                            && ledger.values().stream().noneMatch(entry -> entry.getState() == SendState.ATTEMPTING);
                }, DEADLINE, "every intent of the outbox settled in the ledger");
            }
            last.destroy();
            assertThat(last.waitFor(30, TimeUnit.SECONDS)).as("the last dispatcher stops when asked").isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, Long> createsPerIntent = twilio.requests().stream()
                    .filter(request -> request.method().equals("POST") && request.path().endsWith("/Messages.json"))
                    .map(request -> intentOf(request.formParam("StatusCallback")))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            Map<String, List<FakeMessage>> messagesPerIntent = twilio.messages().stream()
                    .collect(Collectors.groupingBy(message -> intentOf(message.statusCallback())));
            long repeatedKeys = createsPerIntent.values().stream().filter(count -> count > 1).count();
            long outboxDuplicates = outbox.size() - intentIds.size();
            Map<SendState, Long> states = new TreeMap<>(ledger.values().stream()
                    .collect(Collectors.groupingBy(SendLedgerEntry::getState, Collectors.counting())));
            long reconciled = ledger.values().stream().filter(entry -> entry.getState() == SendState.SENT
                    && entry.getReason() != null && entry.getReason().startsWith("reconciled")).count();
            Map<String, Long> skipReasons = new TreeMap<>(ledger.values().stream()
                    .filter(entry -> entry.getState() == SendState.SKIPPED)
                    .collect(Collectors.groupingBy(entry -> entry.getReason().replaceAll(" (at|in) .*", ""),
                            Collectors.counting())));
            System.out.printf("fault injection (seed %d): %,d events written; %,d intents in the outbox "
                            + "(%d duplicates); %,d create requests at Twilio for %,d intents, %d keys repeated; "
                            + "ledger %s, of the SENT %d reconciled after a crash, skipped %s; sequencer: %d SIGKILLs, "
                            + "%d of %d runs restored from a checkpoint, then drained; dispatcher: %d SIGKILLs, %d halts "
                            + "between Twilio's answer and the ledger write, %d runs; %.1f s%n",
                    seed, written, outbox.size(), outboxDuplicates,
                    createsPerIntent.values().stream().mapToLong(Long::longValue).sum(), createsPerIntent.size(),
                    repeatedKeys, states, reconciled, skipReasons, sequencer.kills, sequencer.restores,
                    sequencer.runs, dispatcher.kills, dispatcher.halts, dispatcher.runs + 1, seconds);

            assertThat(written).isEqualTo(EVENTS);
            assertThat(repeatedKeys).as("idempotency keys that reached Twilio more than once").isZero();
            assertThat(outboxDuplicates).as("intents written to the outbox more than once").isZero();
            assertThat(sequencer.kills + dispatcher.kills + dispatcher.halts).isGreaterThanOrEqualTo(10);
            assertThat(dispatcher.halts).isGreaterThanOrEqualTo(DISPATCHER_HALTS);
            assertThat(sequencer.restores).as("sequencer runs that resumed from a checkpoint").isPositive();
            assertThat(states.getOrDefault(SendState.SENT, 0L)).as("texts sent").isPositive();
            assertThat(createsPerIntent.keySet()).as("texts Twilio got that the outbox never had")
                    .isSubsetOf(intentIds);
            assertThat(ledger.keySet()).as("ledger entries of intents the outbox never had").isEqualTo(intentIds);
            assertThat(ledger.values()).allSatisfy(entry -> {
                List<FakeMessage> messages = messagesPerIntent.getOrDefault(entry.getIntentId(), List.of());
                switch (entry.getState()) {
                    case SENT -> assertThat(messages).as("messages of %s", entry).singleElement()
                            .satisfies(m -> assertThat(m.sid()).isEqualTo(entry.getProviderMessageId()));
                    case SKIPPED -> {
                        assertThat(entry.getReason()).as("why %s was skipped", entry.getIntentId()).isNotBlank();
                        assertThat(messages).as("messages of skipped %s", entry).isEmpty();
                    }
                    case IN_DOUBT, FAILED -> assertThat(messages).as("messages of %s", entry).isEmpty();
                    default -> throw new AssertionError("unsettled " + entry);
                }
            });
        } finally {
            chaos.shutdownNow();
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The sequencer's JVM, SIGKILLed a random while after each start, then run to the end and drained. */
    private final class SequencerChaos {

        private final Random random;
        private int runs;
        private int kills;
        private int restores;

        SequencerChaos(Random random) {
            this.random = random;
        }

        void run() {
            Path checkpoints = work.resolve("flink").resolve("checkpoints");
            for (int kill = 0; kill < SEQUENCER_KILLS; kill++) {
                Optional<Path> restoredFrom = SequencerProcessMain.newestCompletedCheckpoint(checkpoints);
                Process sequencer = launch();
                // Killed a random while after its first checkpoint of its own, so each run gets somewhere and the
                // kills land at every point of the checkpoint cycle (barriers, metadata, transaction commits).
                Await.until(() -> !sequencer.isAlive()
                                || !SequencerProcessMain.newestCompletedCheckpoint(checkpoints).equals(restoredFrom),
                        DEADLINE, "sequencer run " + runs + " to complete a checkpoint");
                assertThat(sleepOrExit(sequencer, random.nextInt(3_000), "sequencer"))
                        .as("sequencer run %d ended on its own, see %s", runs, log()).isFalse();
                sequencer.destroyForcibly();
                waitFor(sequencer);
                kills++;
            }
            Process last = launch();
            try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
                progress.awaitConsumed(SEQUENCER_GROUP, Stream.of(TOPICS.sequenceDefinitions(), TOPICS.catalog(),
                                TOPICS.customers(), TOPICS.purchases(), TOPICS.browse()).map(Topic::name).toList(),
                        DEADLINE);
            }
            try (Writer commands = new OutputStreamWriter(last.getOutputStream(), StandardCharsets.UTF_8)) {
                commands.write(SequencerProcessMain.DRAIN + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(waitFor(last)).as("the sequencer's exit after draining, see %s", log()).isZero();
        }

        private Process launch() {
            Path log = work.resolve("sequencer-" + (++runs) + ".log");
            Process sequencer = started(ChildJvm.start(SequencerProcessMain.class,
                    List.of("-Xmx768m", "-Dnudge.demo.log=" + work.resolve("sequencer-" + runs + "-warnings.log")),
                    List.of(KAFKA.bootstrapServers(), TOPICS.prefix(), SEQUENCER_GROUP, work.resolve("flink").toString(),
                            INTENT_TTL.toString()), Map.of(), log));
            Await.until(() -> ChildJvm.logContains(log, SequencerProcessMain.RUNNING) || !sequencer.isAlive(),
                    DEADLINE, "sequencer run " + runs + " to start");
            assertThat(sequencer.isAlive()).as("sequencer run %d is up, see %s", runs, log).isTrue();
            if (ChildJvm.logContains(log, SequencerProcessMain.RESTORED_FROM)) {
                restores++;
            }
            return sequencer;
        }

        private Path log() {
            return work.resolve("sequencer-" + runs + ".log");
        }
    }

    /**
     * The dispatcher's JVM, halting itself after some of Twilio's answers or SIGKILLed a random while after each start,
     * until it has crashed often enough both ways.
     */
    private final class DispatcherChaos {

        private final TwilioFake twilio;
        private final Duration clockOffset;
        private final Random random;
        private int runs;
        private int kills;
        private int halts;

        DispatcherChaos(TwilioFake twilio, Duration clockOffset, Random random) {
            this.twilio = twilio;
            this.clockOffset = clockOffset;
            this.random = random;
        }

        void run() {
            while (kills + halts < DISPATCHER_CRASHES || halts < DISPATCHER_HALTS) {
                Process dispatcher = launch(HALT_PROBABILITY);
                if (sleepOrExit(dispatcher, 1_000 + random.nextInt(4_000), "dispatcher")) {
                    assertThat(ChildJvm.logContains(log(), CrashingDispatcherMain.HALTED))
                            .as("dispatcher run %d ended by halting, see %s", runs, log()).isTrue();
                    halts++;
                } else {
                    dispatcher.destroyForcibly();
                    waitFor(dispatcher);
                    kills++;
                }
            }
        }

        Process launch(double haltProbability) {
            Path log = work.resolve("dispatcher-" + (++runs) + ".log");
            Map<String, String> env = CrashingDispatcherMain.environment(KAFKA.bootstrapServers(), TOPICS.prefix(),
                    twilio, SENDER);
            env.put("NUDGE_SENDS_PER_SECOND_PER_SENDER", "400");
            // The status callback carries the idempotency key; statuses are not posted back (the fake's are off).
            env.put("NUDGE_WEBHOOK_BASE", "http://127.0.0.1:9");
            env.put(CrashingDispatcherMain.HALT_AFTER_ACCEPT_ENV, String.valueOf(haltProbability));
            env.put(CrashingDispatcherMain.CLOCK_OFFSET_ENV, String.valueOf(clockOffset.toMillis()));
            Process dispatcher = started(CrashingDispatcherMain.launch(env, log));
            Await.until(() -> ChildJvm.logContains(log, CrashingDispatcherMain.READY) || !dispatcher.isAlive(),
                    DEADLINE, "dispatcher run " + runs + " to start");
            return dispatcher;
        }

        private Path log() {
            return work.resolve("dispatcher-" + runs + ".log");
        }
    }

    /** Waits up to {@code millis} for the process to end; true if it ended (before being killed). */
    private static boolean sleepOrExit(Process process, long millis, String what) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the " + what, e);
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process " + process.pid() + " did not end");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process started(Process process) {
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** The first 100,000 events of the seeded simulated retailer, written before either process starts. */
    private long writeEvents() {
        SimulationConfig config = SimulationConfig.defaults().withBrandId(BRAND).withCustomers(CUSTOMERS);
        Iterator<SimEvent> all = Simulation.of(config).events();
        Iterator<SimEvent> first = new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < EVENTS && all.hasNext();
            }

            @Override
            public SimEvent next() {
                taken++;
                return all.next();
            }
        };
        try (KafkaEventWriter writer = new KafkaEventWriter(KAFKA.bootstrapServers(), TOPICS)) {
            WriteReport report = writer.write(first);
            return report.acknowledged();
        }
    }

    /** The example sequences of sequences/, live from before the simulated month. */
    private static List<SequenceDefinition> definitions() throws IOException {
        Instant publishedAt = SimulationConfig.defaults().start().minus(Duration.ofHours(1));
        try (Stream<Path> files = Files.list(ROOT.resolve("sequences"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().map(file -> {
                DefinitionParseResult parsed;
                try {
                    parsed = DefinitionParser.parse(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                assertThat(parsed).as(file.toString()).isInstanceOf(DefinitionParseResult.Accepted.class);
                var definition = ((DefinitionParseResult.Accepted) parsed).definition();
                return new SequenceDefinition(definition.id(), definition.version(), definition.brandId(),
                        publishedAt, DefinitionParser.toJson(definition));
            }).toList();
        }
    }

    /** The intent id in a status-callback URL ({@code .../twilio/status?intent=<id>}), or "?" without one. */
    private static String intentOf(String statusCallback) {
        if (statusCallback == null) {
            return "?";
        }
        String query = URI.create(statusCallback).getRawQuery();
        return query != null && query.startsWith("intent=")
                ? URLDecoder.decode(query.substring("intent=".length()), StandardCharsets.UTF_8) : "?";
    }
}
