package dev.nudge.dispatcher;

import static dev.nudge.dispatcher.Intents.SENDER;
import static dev.nudge.dispatcher.Intents.intent;
import static dev.nudge.dispatcher.Kafkas.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.ChildJvm;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two dispatcher processes in one group on a Twilio fake that answers 500 or times out after storing a message, while
 * the test SIGKILLs them and pauses them (SIGSTOP, SIGCONT) for longer than their session timeout, so their
 * partitions move while they are mid-send. No intent may be created twice at Twilio (counted at the server), and every
 * intent ends SENT with exactly its one message, or FAILED / IN_DOUBT with none. Sizes from system properties
 * ({@code nudge.faults.intents}, {@code .kills}, {@code .pauses}) so the benchmark can run it large.
 */
class TwoDispatchersFaultITCase {

    private static final Topics TOPICS = Topics.withPrefix("two.");
    private static final int INTENTS = Integer.getInteger("nudge.faults.intents", 600);
    private static final int KILLS = Integer.getInteger("nudge.faults.kills", 4);
    private static final int PAUSES = Integer.getInteger("nudge.faults.pauses", 3);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Pattern INTENT_IN_BODY = Pattern.compile("\\[(two-\\d+)]");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @Test
    void noIntentIsCreatedTwiceWhileInstancesAreKilledAndPaused() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Topic<SendLedgerEntry> ledgerTopic = SendLedgerTopic.of(TOPICS);
        TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(TOPICS.outbox(), TOPICS.engagements(), ledgerTopic));
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                .seed(seed).errorAfterStore(0.05, 500).timeoutAfterStore(0.03, Duration.ofSeconds(3));
             Kafkas kafka = new Kafkas(KAFKA.bootstrapServers())) {
            for (int i = 0; i < INTENTS; i++) {
                SmsIntent intent = intent("two-" + i, "c-" + (i % 400), "+1212800" + String.format("%04d", i))
                        .build();
                kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent);
            }
            kafka.flush();

            Path logs = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "two-dispatchers"));
            String[] names = {"two-a", "two-b"};
            Process[] instances = new Process[2];
            int[] runs = new int[2];
            for (int slot = 0; slot < 2; slot++) {
                instances[slot] = launch(twilio, names[slot], logs.resolve(names[slot] + "-" + (++runs[slot]) + ".log"));
            }
            try {
                int kills = 0;
                int pauses = 0;
                long started = System.nanoTime();
                while (kills < KILLS || pauses < PAUSES) {
                    int slot = random.nextInt(2);
                    Path log = logs.resolve(names[slot] + "-" + runs[slot] + ".log");
                    Process instance = instances[slot];
                    await(() -> ChildJvm.logContains(log, CrashingDispatcherMain.READY), names[slot] + " to start");
                    LockSupport.parkNanos(Duration.ofMillis(500 + random.nextInt(2_500)).toNanos());
                    if (pauses < PAUSES && (kills >= KILLS || random.nextBoolean())) {
                        // Frozen past its session: its partitions move to the other instance while it is mid-send.
                        signal("STOP", instance);
                        LockSupport.parkNanos(SESSION_TIMEOUT.plusSeconds(2 + random.nextInt(3)).toNanos());
                        signal("CONT", instance);
                        pauses++;
                    } else {
                        instance.destroyForcibly().waitFor();
                        kills++;
                        instances[slot] = launch(twilio, names[slot],
                                logs.resolve(names[slot] + "-" + (++runs[slot]) + ".log"));
                    }
                }
                Map<String, SendLedgerEntry> ledger = new HashMap<>();
                await(() -> {
                    ledger.clear();
                    kafka.readAll(ledgerTopic).forEach(entry -> ledger.put(entry.getIntentId(), entry));
                    return ledger.size() == INTENTS && ledger.values().stream()
                            .allMatch(e -> e.getState() != SendState.ATTEMPTING && e.getState() != SendState.IN_DOUBT);
                }, "every intent settled in the ledger", Duration.ofMinutes(6));
                double seconds = (System.nanoTime() - started) / 1e9;
                long secondSids = 0;
                for (int slot = 0; slot < 2; slot++) {
                    // An instance restarted by the last kill may still be starting, before its stop hook exists.
                    Path log = logs.resolve(names[slot] + "-" + runs[slot] + ".log");
                    await(() -> ChildJvm.logContains(log, CrashingDispatcherMain.READY), names[slot] + " to start");
                    instances[slot].destroy();
                    assertThat(instances[slot].waitFor(60, TimeUnit.SECONDS)).isTrue();
                    secondSids += secondSids(log);
                }

                Map<String, Long> createsPerIntent = twilio.requests().stream()
                        .filter(r -> r.method().equals("POST"))
                        .map(r -> intentOf(r.formParam("Body")))
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                Map<String, List<FakeMessage>> messagesPerIntent = twilio.messages().stream()
                        .collect(Collectors.groupingBy(m -> intentOf(m.body())));
                Map<SendState, Long> states = ledger.values().stream()
                        .collect(Collectors.groupingBy(SendLedgerEntry::getState, Collectors.counting()));
                long twice = messagesPerIntent.values().stream().filter(messages -> messages.size() > 1).count();
                System.out.printf("two dispatchers (seed %d): %d intents, %d SIGKILLs, %d pauses of %d s+; create "
                                + "requests %d, messages at Twilio %d, intents with two messages %d; ledger %s; "
                                + "secondSids of the last runs %d; %.1f s%n", seed, INTENTS, kills, pauses,
                        SESSION_TIMEOUT.toSeconds(),
                        createsPerIntent.values().stream().mapToLong(Long::longValue).sum(),
                        twilio.messages().size(), twice, states, secondSids, seconds);

                assertThat(twice).as("intents with more than one message at Twilio").isZero();
                assertThat(secondSids).isZero();
                assertThat(ledger.values()).allSatisfy(entry -> {
                    List<FakeMessage> messages = messagesPerIntent.getOrDefault(entry.getIntentId(), List.of());
                    switch (entry.getState()) {
                        case SENT -> assertThat(messages).singleElement()
                                .satisfies(m -> assertThat(m.sid()).isEqualTo(entry.getProviderMessageId()));
                        case FAILED -> assertThat(messages).as("failed but at Twilio: %s", entry).isEmpty();
                        default -> throw new AssertionError("unexpected final state " + entry);
                    }
                });
            } finally {
                for (Process instance : instances) {
                    instance.destroyForcibly();
                }
            }
        }
    }

    private static void signal(String signal, Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
    }

    /** The second-sid counter a run printed when it stopped. */
    private static long secondSids(Path log) throws IOException {
        Matcher matcher = Pattern.compile("STOPPED .*secondSids=(\\d+)").matcher(Files.readString(log));
        assertThat(matcher.find()).as("%s stopped cleanly", log).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String intentOf(String body) {
        Matcher matcher = INTENT_IN_BODY.matcher(body == null ? "" : body);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static Process launch(TwilioFake twilio, String instance, Path log) {
        Map<String, String> env = CrashingDispatcherMain.environment(KAFKA.bootstrapServers(), TOPICS.prefix(), twilio,
                SENDER);
        env.put("NUDGE_DISPATCHER_GROUP", "two");
        env.put("NUDGE_DISPATCHER_INSTANCE", instance);
        env.put("NUDGE_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT.toMillis()));
        env.put("NUDGE_TWILIO_READ_TIMEOUT_MS", "1500");
        env.put("NUDGE_IN_DOUBT_SETTLE_MS", "3500");
        env.put("NUDGE_IN_DOUBT_RECHECK_MS", "1000");
        env.put("NUDGE_IN_DOUBT_HORIZON_MS", "20000");
        env.put("NUDGE_SENDS_PER_SECOND_PER_SENDER", "100");
        return CrashingDispatcherMain.launch(env, log);
    }
}
