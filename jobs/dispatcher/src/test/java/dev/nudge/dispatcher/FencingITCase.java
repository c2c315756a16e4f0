package dev.nudge.dispatcher;

import static dev.nudge.dispatcher.Intents.BRAND;
import static dev.nudge.dispatcher.Intents.SENDER;
import static dev.nudge.dispatcher.Intents.intent;
import static dev.nudge.dispatcher.Kafkas.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.RecordedRequest;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.events.SmsIntent;
import dev.nudge.platform.topics.TopicAdmin;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two dispatcher instances in one group: one that lost its partitions cannot send, and they share a sender's budget. */
class FencingITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    /**
     * Instance A takes a batch, then stalls (its sends wait) past max.poll.interval, so the group takes its partitions
     * away; B gets them and sends the batch. When A wakes up, none of its sends may reach Twilio.
     */
    @Test
    void anInstanceThatLostItsPartitionsSendsNothing() throws Exception {
        Topics topics = Topics.withPrefix("fencing.");
        int intents = 40;
        CountDownLatch wake = new CountDownLatch(1);
        AtomicInteger stalled = new AtomicInteger();
        DispatcherHooks stalling = new DispatcherHooks() {
            @Override
            public void beforeClaim(SmsIntent intent) {
                stalled.incrementAndGet();
                try {
                    wake.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
             Kafkas kafka = new Kafkas(KAFKA.bootstrapServers())) {
            TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(topics.outbox()));
            for (int i = 0; i < intents; i++) {
                kafka.send(topics.outbox(), "c-" + i, intent("fence-" + i, "c-" + i, phone(i)).build());
            }
            kafka.flush();
            Dispatcher stalledOne = Dispatcher.start(settings(twilio, topics, "fencing")
                    .maxPollInterval(Duration.ofSeconds(3)).build(), client(twilio), Clock.systemUTC(), stalling);
            await(() -> stalled.get() > 0, "A to take a batch and stall");
            try (Dispatcher other = Dispatcher.start(settings(twilio, topics, "fencing").build())) {
                await(() -> creates(twilio).size() == intents, "B to send every intent");
                long batch = stalledOne.stats().received();
                wake.countDown();
                await(() -> stalledOne.stats().fenced() + twilio.requests().stream()
                        .filter(r -> r.method().equals("POST")).count() - intents >= batch,
                        "A to finish its stalled batch: each send fenced off or a second create");
                Map<String, Long> creates = creates(twilio);
                System.out.printf("fencing: B %s; A %s; creates at Twilio %d%n", other.stats(), stalledOne.stats(),
                        creates.values().stream().mapToLong(Long::longValue).sum());
                assertThat(creates).hasSize(intents).allSatisfy((intent, count) ->
                        assertThat(count).as("creates for %s", intent).isEqualTo(1L));
                assertThat(stalledOne.stats().fenced()).isEqualTo(batch).isPositive();
                assertThat(stalledOne.stats().secondSids() + other.stats().secondSids()).isZero();
            } finally {
                stalledOne.close();
            }
        }
    }

    /**
     * Two instances on one sender limited to 2 texts a second: together they stay within it (the creates of 30
     * intents at Twilio span at least 28/2 s), each using its share of the outbox's partitions.
     */
    @Test
    void twoInstancesShareOneSendersBudget() {
        Topics topics = Topics.withPrefix("budget.");
        int intents = 30;
        double perSecond = 2;
        try (TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN);
             Kafkas kafka = new Kafkas(KAFKA.bootstrapServers());
             Dispatcher one = Dispatcher.start(settings(twilio, topics, "budget").sendsPerSecondPerSender(perSecond)
                     .build());
             Dispatcher two = Dispatcher.start(settings(twilio, topics, "budget").sendsPerSecondPerSender(perSecond)
                     .build())) {
            await(() -> one.ownedPartitions() > 0 && two.ownedPartitions() > 0
                    && one.ownedPartitions() + two.ownedPartitions() == Topics.CUSTOMER_KEYED_PARTITIONS,
                    "both instances to own outbox partitions");
            for (int i = 0; i < intents; i++) {
                kafka.send(topics.outbox(), "c-" + i, intent("budget-" + i, "c-" + i, phone(i)).build());
            }
            kafka.flush();
            await(() -> creates(twilio).size() == intents, "every intent sent");
            List<Instant> at = twilio.requests().stream().filter(r -> r.method().equals("POST"))
                    .map(RecordedRequest::receivedAt).sorted().toList();
            Duration span = Duration.between(at.get(0), at.get(at.size() - 1));
            System.out.printf("budget: %d creates in %d ms by two instances (%d and %d sent)%n", at.size(),
                    span.toMillis(), one.stats().sent(), two.stats().sent());
            assertThat(one.stats().sent()).isPositive();
            assertThat(two.stats().sent()).isPositive();
            // Each instance's first call is free of waiting: two calls beyond the budget's even spacing.
            assertThat(span.toMillis()).isGreaterThanOrEqualTo((long) ((intents - 2) / perSecond * 1000 * 0.95));
        }
    }

    private static String phone(int i) {
        return "+1212700" + String.format("%04d", i);
    }

    /** Create requests at Twilio by intent (the intent id is in the body). */
    private static Map<String, Long> creates(TwilioFake twilio) {
        return twilio.requests().stream().filter(r -> r.method().equals("POST"))
                .map(r -> r.formParam("Body").replaceAll(".*\\[(.*)]$", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static DispatcherSettings.Builder settings(TwilioFake twilio, Topics topics, String group) {
        return DispatcherSettings.builder(KAFKA.bootstrapServers(), twilioSettings(twilio))
                .topics(topics)
                .groupId(group)
                .senders(Map.of(BRAND, SENDER))
                .sessionTimeout(Duration.ofSeconds(6))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private static TwilioSettings twilioSettings(TwilioFake twilio) {
        return TwilioSettings.of(twilio.accountSid(), twilio.authToken())
                .withApiBaseUrl(URI.create(twilio.baseUrl()))
                .withReadTimeout(Duration.ofSeconds(3));
    }

    private static dev.nudge.platform.twilio.TwilioSmsClient client(TwilioFake twilio) {
        return SingleAttemptPosts.smsClient(twilioSettings(twilio));
    }
}
