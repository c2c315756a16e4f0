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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher in its own JVM, killed with SIGKILL at random moments and halting itself right after Twilio
 * accepted a text (before the ledger write) now and then, restarted each time while 2,400 intents flow. No text may
 * reach Twilio twice, and every intent must end SENT (exactly one message at Twilio) or IN_DOUBT (none).
 */
class DispatcherCrashITCase {

    private static final Topics TOPICS = Topics.withPrefix("crash.");
    private static final int INTENTS = 2_400;
    private static final int MIN_CRASHES = 12;
    private static final Pattern INTENT_IN_BODY = Pattern.compile("\\[(crash-\\d+)]");

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @Test
    void noTextIsSentTwiceWhateverMomentTheDispatcherDies() throws Exception {
        Topic<SendLedgerEntry> ledgerTopic = SendLedgerTopic.of(TOPICS);
        TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(TOPICS.outbox(), TOPICS.engagements(), ledgerTopic));
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
             Kafkas kafka = new Kafkas(KAFKA.bootstrapServers())) {
            for (int i = 0; i < INTENTS; i++) {
                SmsIntent intent = intent("crash-" + i, "c-" + (i % 300), "+1212600" + String.format("%04d", i))
                        .build();
                kafka.send(TOPICS.outbox(), intent.getCustomerId(), intent);
            }
            kafka.flush();

            Path logs = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "crash-runs"));
            int killed = 0;
            int halted = 0;
            int run = 0;
            long started = System.nanoTime();
            while (killed + halted < MIN_CRASHES) {
                Path log = logs.resolve("run-" + (++run) + ".log");
                Process dispatcher = launch(twilio, log);
                // Killed a random while after it is up (a JVM start takes seconds here), or halted by itself.
                await(() -> !dispatcher.isAlive() || ChildJvm.logContains(log, CrashingDispatcherMain.READY), "run to start");
                long lifetime = ThreadLocalRandom.current().nextLong(500, 4_000);
                if (dispatcher.waitFor(lifetime, TimeUnit.MILLISECONDS)) {
                    assertThat(dispatcher.exitValue()).as("run %d exit", run)
                            .isEqualTo(CrashingDispatcherMain.HALT_STATUS);
                    halted++;
                } else {
                    dispatcher.destroyForcibly().waitFor();
                    killed++;
                }
            }
            Process last = launch(twilio, logs.resolve("run-" + (++run) + ".log"), 0);
            Map<String, SendLedgerEntry> ledger = new HashMap<>();
            await(() -> {
                ledger.clear();
                kafka.readAll(ledgerTopic).forEach(entry -> ledger.put(entry.getIntentId(), entry));
                return ledger.size() == INTENTS
                        && ledger.values().stream().noneMatch(e -> e.getState() == SendState.ATTEMPTING);
            }, "every intent settled in the ledger");
            double seconds = (System.nanoTime() - started) / 1e9;
            last.destroy();
            assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Map<String, Long> createsPerIntent = twilio.requests().stream()
                    .filter(r -> r.method().equals("POST"))
                    .map(r -> intentOf(r.formParam("Body")))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            Map<String, List<FakeMessage>> messagesPerIntent = twilio.messages().stream()
                    .collect(Collectors.groupingBy(m -> intentOf(m.body())));
            Map<SendState, Long> states = ledger.values().stream()
                    .collect(Collectors.groupingBy(SendLedgerEntry::getState, Collectors.counting()));
            long reconciled = ledger.values().stream()
                    .filter(e -> e.getReason() != null && e.getReason().startsWith("reconciled")).count();
            long repeated = createsPerIntent.values().stream().filter(count -> count > 1).count();
            System.out.printf("crash test: %d intents, %d runs, %d SIGKILLs, %d halts between Twilio's answer and "
                            + "the ledger; creates at Twilio %d, intents created twice %d; ledger %s, of the SENT "
                            + "%d found by reconciliation; %.1f s%n", INTENTS, run, killed, halted,
                    createsPerIntent.values().stream().mapToLong(Long::longValue).sum(), repeated, states,
                    reconciled, seconds);

            assertThat(repeated).as("intents sent more than once").isZero();
            assertThat(killed + halted).isGreaterThanOrEqualTo(MIN_CRASHES);
            assertThat(ledger.values()).allSatisfy(entry -> {
                List<FakeMessage> messages = messagesPerIntent.getOrDefault(entry.getIntentId(), List.of());
                switch (entry.getState()) {
                    case SENT -> assertThat(messages).singleElement()
                            .satisfies(m -> assertThat(m.sid()).isEqualTo(entry.getProviderMessageId()));
                    case IN_DOUBT -> assertThat(messages).as("in doubt but at Twilio: %s", entry).isEmpty();
                    default -> throw new AssertionError("unexpected final state " + entry);
                }
            });
        }
    }

    private static String intentOf(String body) {
        Matcher matcher = INTENT_IN_BODY.matcher(body == null ? "" : body);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static Process launch(TwilioFake twilio, Path log) {
        return launch(twilio, log, 0.004);
    }

    private static Process launch(TwilioFake twilio, Path log, double haltProbability) {
        Map<String, String> env = CrashingDispatcherMain.environment(KAFKA.bootstrapServers(), TOPICS.prefix(), twilio,
                SENDER);
        env.put("NUDGE_SENDS_PER_SECOND_PER_SENDER", "60");
        env.put(CrashingDispatcherMain.HALT_AFTER_ACCEPT_ENV, String.valueOf(haltProbability));
        return CrashingDispatcherMain.launch(env, log);
    }
}
