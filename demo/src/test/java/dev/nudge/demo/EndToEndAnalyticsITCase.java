package dev.nudge.demo;

import dev.nudge.analytics.AnalyticsJob;
import dev.nudge.analytics.AnalyticsSettings;
import dev.nudge.analytics.AttributionSettings;
import dev.nudge.analytics.ReferenceStatistics;
import dev.nudge.devstack.Await;
import dev.nudge.devstack.ManualClock;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.DeliveryOutcome;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.devstack.twilio.TwilioWebhookClient;
import dev.nudge.dispatcher.Dispatcher;
import dev.nudge.dispatcher.DispatcherHooks;
import dev.nudge.dispatcher.DispatcherSettings;
import dev.nudge.dispatcher.ledger.SendState;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.clickhouse.QueryParameters;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioSmsClient;
import dev.nudge.sequencer.KafkaIo;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.TopicClient;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import dev.nudge.webhooks.WebhookServer;
import dev.nudge.webhooks.WebhookGuards;
import dev.nudge.webhooks.WebhookSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole path on real parts: the sequencer (event time, hold-out 50%) puts texts in the outbox, the dispatcher
 * sends them through the Twilio SDK to the Twilio-compatible server, whose signed status callbacks reach the webhook
 * service; scripted customers tap signed click links and text back through the webhook service, and buy (purchase
 * events on Kafka); the analytics job attributes the purchases and writes every fact to ClickHouse. The analyst
 * queries in sql/queries are then checked against figures worked out here from the script, and again after every
 * fact row has been inserted twice more, as retried sink batches would.
 *
 * <p>One {@link ManualClock} is "now" for everybody: the script stamps its events with it (so it drives the
 * sequencer's event time), the dispatcher judges quiet hours and expiry with it and the webhook service stamps the
 * engagements with it. It starts on a Tuesday shortly before noon in New York and moves only when the script moves
 * it, so every time the test checks is exact; what happens between two moves (sending, callbacks, reactions) is
 * waited for, never slept on.
 *
 * <p>Two brands run the same sequence (same id) side by side, each with its own {@link Script} of 60 customers. Every
 * customer checks out coffee at noon. The sequence texts a complement (the pour-over kit) 20 s later (step 0) and an
 * add-on (the canister) 5 min after that (step 1). What a texted customer i does depends on i % 6:
 * <ol start="0">
 *   <li>buys a mug 2 min after step 0;</li>
 *   <li>taps step 0's link a minute after it, then buys the offered kit and a mug (and so leaves the sequence);</li>
 *   <li>answers step 0 "Sounds good, thanks!" (and so leaves the sequence), then buys a mug;</li>
 *   <li>taps step 1's link a minute after it, then buys the offered canister;</li>
 *   <li>has a phone that never gets the texts (undelivered), buys a mug 2 min after step 0: no touch, no conversion
 *       to a text, but a purchase in the entry's window all the same;</li>
 *   <li>buys nothing; the first of them who is texted answers step 0 with STOP.</li>
 * </ol>
 * Held-out customers get no text, so only their purchases remain: in the {@link Script#IDENTICAL} script they buy
 * exactly as the texted ones (a true effect of zero), in the {@link Script#KNOWN_EFFECT} script only groups 0 and 4
 * buy (a true effect of 5/6 - 2/6 = 0.5 in conversion). The intention-to-treat lift's interval must contain the
 * scripted effect: zero for the first, 0.5 for the second. Every expected count comes from the script's own
 * purchases, every interval from {@link ReferenceStatistics}, never from the code under test.
 */
class EndToEndAnalyticsITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();
    private static final Topics TOPICS = Topics.standard();
    private static final String SEQUENCE = "e2e-checkout";
    private static final String SEQUENCER_GROUP = "e2e-sequencer";
    private static final String ANALYTICS_GROUP = "e2e-analytics";
    private static final int CUSTOMERS = 60;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Tuesday noon in New York: far from quiet hours for the whole script. */
    private static final Instant NOON = ZonedDateTime.of(2026, 3, 3, 12, 0, 0, 0, NEW_YORK).toInstant();
    private static final Duration STEP_0_DELAY = Duration.ofSeconds(20);
    private static final Duration STEP_1_DELAY = Duration.ofMinutes(5);
    /** How far past a step's due time the script moves event time to let it fire (more than any out-of-orderness). */
    private static final Duration FIRE = Duration.ofSeconds(10);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    private static final long MUG = 1200;
    private static final long POUR_OVER_KIT = 2400;
    private static final long CANISTER = 1500;
    private static final long BEANS = 1800;
    private static final List<String> FACT_TABLES = List.of("decisions", "messages", "engagements", "conversions",
            "purchases", "sequence_versions");

    /** A brand and what its customers do. */
    enum Script {
        /** Held-out customers buy exactly as texted ones: the texts change nothing. */
        IDENTICAL("demo-roasters", "+15005550006", "+1212555"),
        /** Held-out customers of groups 1, 2 and 3 do not buy: the texts make them buy. */
        KNOWN_EFFECT("effect-roasters", "+15005550007", "+1646555");

        final String brand;
        final String sender;
        final String phonePrefix;

        Script(String brand, String sender, String phonePrefix) {
            this.brand = brand;
            this.sender = sender;
            this.phonePrefix = phonePrefix;
        }

        Tenant tenant() {
            return new Tenant(brand, "downtown");
        }

        String phone(int i) {
            return String.format("%s%04d", phonePrefix, 1000 + i);
        }

        /** What customer i spends after the checkout (in the entry's window), texted or held out. */
        long spendsAfterwards(int i, boolean heldOut) {
            int group = i % 6;
            if (this == KNOWN_EFFECT && heldOut && group != 0 && group != 4) {
                return 0;
            }
            return switch (group) {
                case 0, 2, 4 -> MUG;
                case 1 -> POUR_OVER_KIT + MUG;
                case 3 -> CANISTER;
                default -> 0;
            };
        }

        /** The effect on conversion the script builds in, over its population (each group one sixth of it). */
        double scriptedEffect() {
            return this == IDENTICAL ? 0 : 5.0 / 6 - 2.0 / 6;
        }

        static Script of(String brand) {
            return Stream.of(values()).filter(script -> script.brand.equals(brand)).findFirst().orElseThrow();
        }
    }

    /** Who entered a brand's sequence and who was held out, and the customer who answers STOP. */
    private record Arms(Set<Integer> treated, Set<Integer> heldOut, int optOut) {
        Set<Integer> leavers() {
            return treated.stream().filter(i -> i % 6 == 1 || i % 6 == 2 || i == optOut).collect(Collectors.toSet());
        }
    }

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), ROOT.resolve("sql")));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(noRestarts()).build());

    private final ManualClock clock = new ManualClock(NOON.minus(Duration.ofMinutes(10)));
    private TopicClient kafka;
    private ClickHouseServer clickHouse;
    private TwilioFake twilio;
    private WebhookServer webhooks;
    private static final String LINK_SECRET = "link-secret-of-the-end-to-end-test";
    private String publicBase;
    private TwilioWebhookClient phones;

    @Test
    void theFunnelConversionsAndLiftInClickHouseAreTheScriptedOnesAndSurviveRetriedBatches() throws Exception {
        clickHouse = CLICKHOUSE.server();
        int port = freeLoopbackPort();
        publicBase = "http://127.0.0.1:" + port;
        phones = new TwilioWebhookClient(TwilioFake.DEV_AUTH_TOKEN);
        Map<String, String> brandBySender = Stream.of(Script.values())
                .collect(Collectors.toMap(script -> script.sender, script -> script.brand));
        try (TopicClient client = new TopicClient(KAFKA.bootstrapServers());
             TwilioFake fake = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                     .statusCallbacks(true).clock(clock);
             WebhookServer server = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(),
                     TwilioFake.DEV_AUTH_TOKEN, URI.create(publicBase), port, brandBySender)
                     .withGuards(WebhookGuards.defaults().withLinkSecret(LINK_SECRET)), clock);
             Dispatcher dispatcher = startDispatcher(fake)) {
            kafka = client;
            twilio = fake;
            webhooks = server;
            for (Script script : Script.values()) {
                for (int i = 4; i < CUSTOMERS; i += 6) {
                    twilio.finalStatus(script.phone(i), DeliveryOutcome.UNDELIVERED);
                }
            }
            JobClient job = startJobs();
            try {
                List<SmsIntent> texts = playTheScripts();
                assertThat(twilio.messages()).as("one message per text at the Twilio server").hasSize(texts.size())
                        .allSatisfy(message -> assertThat(message.statusCallback()).startsWith(publicBase));
                assertThat(List.of(dispatcher.stats().sent(), dispatcher.stats().skipped(), dispatcher.stats().failed()))
                        .as("dispatcher sent, skipped, failed").containsExactly((long) texts.size(), 0L, 0L);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Plays both scripts through the running services and checks ClickHouse; returns every text sent. */
    private List<SmsIntent> playTheScripts() {
        for (Script script : Script.values()) {
            publishCatalogAndSequence(script);
            for (int i = 0; i < CUSTOMERS; i++) {
                kafka.send(TOPICS.customers(), id(i), signUp(script, i));
                kafka.send(TOPICS.customers(), id(i), consent(script, i));
            }
        }
        awaitConsumed(SEQUENCER_GROUP, TOPICS.customers());
        moveTo(NOON);
        forEveryCustomer((script, i) -> buy(script, i, "checkout", line("coffee-beans", "coffee", BEANS)));
        List<Decision> entries = kafka.readUntil(TOPICS.decisions(), all -> Stream.of(Script.values()).allMatch(
                script -> customersWith(all, script, DecisionOutcome.ENTERED).size()
                        + customersWith(all, script, DecisionOutcome.HELD_OUT).size() >= CUSTOMERS),
                "an entry decision per customer");
        Map<Script, Arms> arms = new EnumMap<>(Script.class);
        for (Script script : Script.values()) {
            Set<Integer> treated = customersWith(entries, script, DecisionOutcome.ENTERED);
            Set<Integer> heldOut = customersWith(entries, script, DecisionOutcome.HELD_OUT);
            assertThat(treated).as(script + " treated").isNotEmpty().doesNotContainAnyElementsOf(heldOut);
            assertThat(heldOut).as(script + " held out").isNotEmpty();
            arms.put(script, new Arms(treated, heldOut,
                    treated.stream().filter(i -> i % 6 == 5).findFirst().orElseThrow()));
        }

        // Step 0, and what the customers do about it.
        Instant step0 = NOON.plus(STEP_0_DELAY);
        List<SmsIntent> firstTexts = textsOfStep(0, step0, arms, Arms::treated, "pour-over-kit");
        moveTo(step0.plus(Duration.ofMinutes(1)));
        for (SmsIntent text : firstTexts) {
            Script script = Script.of(text.getTenant().getBrandId());
            int i = index(text.getCustomerId());
            if (i % 6 == 1) {
                tap(text, "pour-over-kit");
            } else if (i % 6 == 2) {
                textBack(script, i, "Sounds good, thanks!");
            } else if (i == arms.get(script).optOut()) {
                textBack(script, i, "STOP");
            }
        }
        moveTo(step0.plus(Duration.ofMinutes(2)));
        forEveryCustomer((script, i) -> {
            if (script.spendsAfterwards(i, arms.get(script).heldOut().contains(i)) == 0) {
                return;
            }
            switch (i % 6) {
                case 0, 2, 4 -> buy(script, i, "mug", line("mug", "gear", MUG));
                case 1 -> buy(script, i, "kit", line("pour-over-kit", "gear", POUR_OVER_KIT), line("mug", "gear", MUG));
                default -> { }
            }
        });
        kafka.readUntil(TOPICS.decisions(), all -> Stream.of(Script.values()).allMatch(script ->
                customersWith(all, script, DecisionOutcome.EXITED).containsAll(arms.get(script).leavers())), "the exits");
        awaitConsumed(SEQUENCER_GROUP, TOPICS.engagements());
        awaitConsumed(SEQUENCER_GROUP, TOPICS.purchases());

        // Step 1 to those still in the sequence.
        Instant step1 = step0.plus(STEP_1_DELAY);
        List<SmsIntent> secondTexts = textsOfStep(1, step1, arms,
                arm -> arm.treated().stream().filter(i -> !arm.leavers().contains(i)).collect(Collectors.toSet()),
                "bean-canister");
        moveTo(step1.plus(Duration.ofMinutes(1)));
        secondTexts.stream().filter(text -> index(text.getCustomerId()) % 6 == 3).forEach(text -> tap(text, "bean-canister"));
        moveTo(step1.plus(Duration.ofMinutes(2)));
        forEveryCustomer((script, i) -> {
            if (i % 6 == 3 && script.spendsAfterwards(i, arms.get(script).heldOut().contains(i)) > 0) {
                buy(script, i, "canister", line("bean-canister", "gear", CANISTER));
            }
        });
        // A stranger texts HELP a minute later: real traffic that moves analytics' event time past the last purchases.
        moveTo(step1.plus(Duration.ofMinutes(3)));
        HttpResponse<String> help = phones.inboundText(publicBase + "/twilio/inbound", TwilioFake.DEV_ACCOUNT_SID,
                "SMstranger", "+13125550000", Script.IDENTICAL.sender, "HELP");
        assertThat(help.body()).contains("Reply STOP to stop these texts");

        List<SmsIntent> texts = Stream.concat(firstTexts.stream(), secondTexts.stream()).toList();
        Map<Script, Expected> expected = new EnumMap<>(Script.class);
        arms.forEach((script, arm) -> expected.put(script, Expected.of(script, arm)));
        assertThat(expected.get(Script.IDENTICAL).steps().values()).as("the script exercises every stage of every step")
                .allSatisfy(step -> assertThat(List.of(step.sent, step.delivered, step.clicked, step.converted,
                        step.offeredConversions)).allSatisfy(figure -> assertThat(figure).isPositive()));
        awaitEverythingInClickHouse(texts, expected.values());
        expected.forEach(this::assertTheQueries);
        for (String file : List.of("01_funnel", "02_conversion_by_text", "03_holdout_lift")) {
            System.out.printf("%s%n%s%n", file, clickHouse.query(bound(file, Script.KNOWN_EFFECT)
                    + "\nFORMAT PrettyCompactMonoBlock"));
        }
        resendEveryRowTwiceAndCompare();
        return texts;
    }

    private interface CustomerAction {
        void act(Script script, int i);
    }

    private static void forEveryCustomer(CustomerAction action) {
        for (Script script : Script.values()) {
            for (int i = 0; i < CUSTOMERS; i++) {
                action.act(script, i);
            }
        }
    }

    /**
     * Moves event time just past the step's due time; waits for the step's texts in the outbox, at the Twilio server
     * and settled there, their receipts published and the webhook service aware they were sent (so replies find them).
     */
    private List<SmsIntent> textsOfStep(int step, Instant due, Map<Script, Arms> arms,
                                        Function<Arms, Set<Integer>> recipients, String offerSku) {
        moveTo(due.plus(FIRE));
        tick();
        long wanted = arms.values().stream().mapToLong(arm -> recipients.apply(arm).size()).sum();
        List<SmsIntent> texts = kafka.readUntil(TOPICS.outbox(),
                all -> all.stream().filter(t -> t.getStep() == step).count() >= wanted, "step " + step + " texts")
                .stream().filter(t -> t.getStep() == step).toList();
        arms.forEach((script, arm) -> assertThat(texts).filteredOn(t -> t.getTenant().getBrandId().equals(script.brand))
                .extracting(t -> index(t.getCustomerId())).as(script + " step " + step)
                .containsExactlyInAnyOrderElementsOf(recipients.apply(arm)));
        assertThat(texts).allSatisfy(text -> {
            assertThat(text.getOfferSku()).isEqualTo(offerSku);
            assertThat(text.getCreatedAt()).isEqualTo(due);
        });
        Set<String> ids = texts.stream().map(SmsIntent::getIntentId).collect(Collectors.toSet());
        kafka.readUntil(TOPICS.engagements(), all -> all.stream()
                .filter(e -> ids.contains(e.getMessageId())
                        && (e.getType() == EngagementType.DELIVERED || e.getType() == EngagementType.UNDELIVERED))
                .count() >= ids.size(), "step " + step + " delivery receipts");
        Await.until(() -> ids.stream().allMatch(id -> webhooks.ledgerEntry(id)
                        .filter(entry -> entry.getState() == SendState.SENT).isPresent()),
                TopicClient.DEADLINE, "step " + step + " SENT in the webhook service's ledger view");
        return texts;
    }

    /** Rows appear once analytics' watermark has passed the purchases and a checkpoint has flushed the batches. */
    private void awaitEverythingInClickHouse(List<SmsIntent> texts, Collection<Expected> expected) {
        Set<String> engagementIds = kafka.readUntil(TOPICS.engagements(),
                        all -> all.stream().anyMatch(e -> "inbound:SMstranger".equals(e.getEventId())), "the HELP")
                .stream().map(EngagementEvent::getEventId).collect(Collectors.toSet());
        long conversions = expected.stream().mapToLong(brand -> brand.steps().values().stream()
                .mapToLong(step -> step.converted).sum() + brand.heldOutConverted()).sum();
        awaitScalar("SELECT uniqExact(message_id) FROM nudge.messages", texts.size());
        awaitScalar("SELECT uniqExact(event_id) FROM nudge.engagements", engagementIds.size());
        awaitScalar("SELECT uniqExact(conversion_id) FROM nudge.conversions", conversions);
        awaitScalar("SELECT uniqExact(event_id) FROM nudge.purchases",
                expected.stream().mapToLong(Expected::purchases).sum());
        awaitScalar("SELECT uniqExact(brand_id) FROM nudge.sequence_versions", Script.values().length);
    }

    // ---- the figures, worked out from the script ----------------------------------------------------------------

    /**
     * What a script should leave in ClickHouse: per step of the sequence (texts and last-touch conversions), and
     * per arm the customers, who of them bought in the entry's window and what each spent (intention to treat).
     */
    private record Expected(Script script, Map<Integer, StepFigures> steps, long treated, long treatedConverted,
                            long heldOut, long heldOutConverted, double[] treatedSpend, double[] heldOutSpend,
                            long purchases) {

        static Expected of(Script script, Arms arms) {
            Map<Integer, StepFigures> steps = new TreeMap<>(Map.of(0, new StepFigures(), 1, new StepFigures()));
            for (int i : arms.treated()) {
                int group = i % 6;
                boolean stays = !arms.leavers().contains(i);
                for (int step : stays ? List.of(0, 1) : List.of(0)) {
                    StepFigures figures = steps.get(step);
                    figures.sent++;
                    figures.delivered += group == 4 ? 0 : 1;
                    figures.clicked += (group == 1 && step == 0) || (group == 3 && step == 1) ? 1 : 0;
                    figures.replied += group == 2 && step == 0 ? 1 : 0;
                    figures.optedOut += i == arms.optOut() && step == 0 ? 1 : 0;
                }
                // Last touch: the mugs and the kit come after step 0 only, the canister after step 1. Group 4's
                // texts were never delivered, so touched nobody.
                switch (group) {
                    case 0, 2 -> steps.get(0).convert(MUG, 0);
                    case 1 -> steps.get(0).convert(POUR_OVER_KIT + MUG, POUR_OVER_KIT);
                    case 3 -> steps.get(1).convert(CANISTER, CANISTER);
                    default -> { }
                }
            }
            double[] treatedSpend = arms.treated().stream().mapToDouble(i -> script.spendsAfterwards(i, false)).toArray();
            double[] heldOutSpend = arms.heldOut().stream().mapToDouble(i -> script.spendsAfterwards(i, true)).toArray();
            // The checkout of everyone, then the purchases in the window (the kit and mug are one order).
            long purchases = CUSTOMERS + DoubleStream.of(treatedSpend).filter(spend -> spend > 0).count()
                    + DoubleStream.of(heldOutSpend).filter(spend -> spend > 0).count();
            return new Expected(script, steps, treatedSpend.length,
                    DoubleStream.of(treatedSpend).filter(spend -> spend > 0).count(), heldOutSpend.length,
                    DoubleStream.of(heldOutSpend).filter(spend -> spend > 0).count(), treatedSpend, heldOutSpend,
                    purchases);
        }

        double treatedRate() {
            return (double) treatedConverted / treated;
        }

        double heldOutRate() {
            return (double) heldOutConverted / heldOut;
        }

        double heldOutRevenue() {
            return DoubleStream.of(heldOutSpend).sum();
        }

        ReferenceStatistics.Interval liftInterval() {
            return ReferenceStatistics.newcombe(treatedConverted, treated, heldOutConverted, heldOut);
        }

        ReferenceStatistics.Interval revenueInterval() {
            return ReferenceStatistics.welch(treatedSpend, heldOutSpend);
        }
    }

    private static final class StepFigures {
        long sent;
        long delivered;
        long clicked;
        long replied;
        long optedOut;
        long converted;
        long offeredConversions;
        long revenue;
        long offeredRevenue;

        void convert(long orderTotal, long offered) {
            converted++;
            offeredConversions += offered > 0 ? 1 : 0;
            revenue += orderTotal;
            offeredRevenue += offered;
        }
    }

    private void assertTheQueries(Script script, Expected expected) {
        List<String> funnel = clickHouse.queryJsonEachRow(bound("01_funnel", script)).stream()
                .map(row -> String.format("%s/%s step %d: sent %d delivered %d clicked %d replied %d opted out %d converted %d",
                        row.get("brand_id"), row.get("sequence_id"), number(row, "step"), number(row, "sent"),
                        number(row, "delivered"), number(row, "clicked"), number(row, "replied"),
                        number(row, "opted_out"), number(row, "converted")))
                .toList();
        assertThat(funnel).containsExactlyElementsOf(expected.steps().entrySet().stream()
                .map(step -> String.format("%s/%s step %d: sent %d delivered %d clicked %d replied %d opted out %d converted %d",
                        script.brand, SEQUENCE, step.getKey(), step.getValue().sent, step.getValue().delivered,
                        step.getValue().clicked, step.getValue().replied, step.getValue().optedOut,
                        step.getValue().converted))
                .toList());

        List<String> byText = clickHouse.queryJsonEachRow(bound("02_conversion_by_text", script)).stream()
                .map(row -> String.format("step %d %s: sent %d conversions %d with the offered item %d revenue %d offered revenue %d",
                        number(row, "step"), row.get("currency"), number(row, "sent"), number(row, "conversions"),
                        number(row, "offered_item_conversions"), number(row, "revenue_minor"),
                        number(row, "offered_revenue_minor")))
                .toList();
        assertThat(byText).containsExactlyElementsOf(expected.steps().entrySet().stream()
                .map(step -> String.format("step %d USD: sent %d conversions %d with the offered item %d revenue %d offered revenue %d",
                        step.getKey(), step.getValue().sent, step.getValue().converted,
                        step.getValue().offeredConversions, step.getValue().revenue, step.getValue().offeredRevenue))
                .toList());

        assertTheLift(script, expected);

        long textRevenue = expected.steps().values().stream().mapToLong(step -> step.revenue).sum();
        long textConversions = expected.steps().values().stream().mapToLong(step -> step.converted).sum();
        assertThat(clickHouse.query("SELECT holdout, count(), sum(revenue_minor) FROM nudge.conversions FINAL "
                + "WHERE brand_id = '" + script.brand + "' GROUP BY holdout ORDER BY holdout FORMAT TabSeparated"))
                .isEqualTo("0\t" + textConversions + "\t" + textRevenue + "\n1\t" + expected.heldOutConverted() + "\t"
                        + (long) expected.heldOutRevenue() + "\n");
    }

    /**
     * The whole sequence's intention-to-treat comparison (step -1, one currency): the arms and their buyers are the
     * script's, the intervals {@link ReferenceStatistics}' on those counts, and the interval holds the scripted effect.
     */
    private void assertTheLift(Script script, Expected expected) {
        List<Map<String, Object>> rows = clickHouse.queryJsonEachRow(bound("03_holdout_lift", script)).stream()
                .filter(row -> number(row, "step") == -1).toList();
        assertThat(rows).as(script + " lift rows").hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(List.of(row.get("currency"), number(row, "treated"), number(row, "treated_converted"),
                number(row, "held_out"), number(row, "held_out_converted")))
                .as(script + " arms").containsExactly("USD", expected.treated(), expected.treatedConverted(),
                        expected.heldOut(), expected.heldOutConverted());
        ReferenceStatistics.Interval lift = expected.liftInterval();
        double measured = expected.treatedRate() - expected.heldOutRate();
        // The query rounds to 4 decimals, money to 2.
        assertThat(decimal(row, "lift")).isCloseTo(measured, within(0.00006));
        assertThat(decimal(row, "lift_ci_low")).isCloseTo(lift.low(), within(0.00006));
        assertThat(decimal(row, "lift_ci_high")).isCloseTo(lift.high(), within(0.00006));
        assertThat(lift.contains(script.scriptedEffect()))
                .as("%s: the interval [%.4f, %.4f] holds the scripted effect %.4f", script, lift.low(), lift.high(),
                        script.scriptedEffect()).isTrue();
        ReferenceStatistics.Interval revenue = expected.revenueInterval();
        assertThat(decimal(row, "treated_revenue_per_customer_minor"))
                .isCloseTo(DoubleStream.of(expected.treatedSpend()).average().orElseThrow(), within(0.006));
        assertThat(decimal(row, "held_out_revenue_per_customer_minor"))
                .isCloseTo(DoubleStream.of(expected.heldOutSpend()).average().orElseThrow(), within(0.006));
        // Minor units: within a twentieth of a cent (the query's t quantile is a series above 30 degrees of freedom).
        assertThat(decimal(row, "revenue_lift_ci_low")).isCloseTo(revenue.low(), within(0.05));
        assertThat(decimal(row, "revenue_lift_ci_high")).isCloseTo(revenue.high(), within(0.05));
        assertThat(decimal(row, "sample_ratio_p")).as("a 50% split of 60").isGreaterThan(0.001);
        System.out.printf("%s: lift %.4f, 95%% CI [%.4f, %.4f] (scripted %.4f): treated %d/%d, held out %d/%d; "
                        + "revenue per customer %.2f vs %.2f, difference 95%% CI [%.2f, %.2f]; %s%n", script, measured,
                lift.low(), lift.high(), script.scriptedEffect(), expected.treatedConverted(), expected.treated(),
                expected.heldOutConverted(), expected.heldOut(), decimal(row, "treated_revenue_per_customer_minor"),
                decimal(row, "held_out_revenue_per_customer_minor"), revenue.low(), revenue.high(), row.get("verdict"));
    }

    private static String bound(String query, Script script) {
        return QueryParameters.bind(queryFile(query + ".sql"),
                Map.of("brand", script.brand, "from", "2026-03-01", "to", "2026-04-01"));
    }

    // ---- retried batches ---------------------------------------------------------------------------------------

    /**
     * Inserts every row of every fact table twice more, as a sink whose batches were retried would, with merges
     * stopped so the copies stay visible; every analyst query must give the same answer as before.
     */
    private void resendEveryRowTwiceAndCompare() {
        Map<String, String> before = allQueryResults();
        clickHouse.execute("SYSTEM STOP MERGES");
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : FACT_TABLES) {
            rows.put(table, scalar("SELECT count() FROM nudge." + table));
            clickHouse.execute("CREATE TABLE nudge.resent_" + table + " AS nudge." + table + " ENGINE = Memory");
            clickHouse.execute("INSERT INTO nudge.resent_" + table + " SELECT * FROM nudge." + table);
            clickHouse.execute("INSERT INTO nudge." + table + " SELECT * FROM nudge.resent_" + table);
            clickHouse.execute("INSERT INTO nudge." + table + " SELECT * FROM nudge.resent_" + table);
            clickHouse.execute("DROP TABLE nudge.resent_" + table);
        }
        for (String table : FACT_TABLES) {
            assertThat(scalar("SELECT count() FROM nudge." + table)).as(table).isEqualTo(3 * rows.get(table));
        }
        assertThat(allQueryResults()).isEqualTo(before);
        clickHouse.execute("SYSTEM START MERGES");
    }

    private Map<String, String> allQueryResults() {
        Map<String, String> results = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("sql/queries"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".sql", "");
                for (Script script : Script.values()) {
                    results.put(name + " " + script, clickHouse.query(bound(name, script) + "\nFORMAT TabSeparatedWithNames"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        results.put("conversions", clickHouse.query("SELECT holdout, count(), sum(revenue_minor) FROM nudge.conversions "
                + "FINAL GROUP BY holdout ORDER BY holdout FORMAT TabSeparated"));
        return results;
    }

    // ---- the services and jobs --------------------------------------------------------------------------------

    /** The dispatcher on the script's clock, sending through the Twilio SDK to the fake, with status callbacks. */
    private Dispatcher startDispatcher(TwilioFake fake) {
        TwilioSettings twilioSettings = TwilioSettings.of(fake.accountSid(), fake.authToken())
                .withApiBaseUrl(URI.create(fake.baseUrl()));
        DispatcherSettings settings = DispatcherSettings.builder(KAFKA.bootstrapServers(), twilioSettings)
                .groupId("e2e-dispatcher")
                .senders(Stream.of(Script.values()).collect(Collectors.toMap(script -> script.brand, script -> script.sender)))
                .webhookBase(URI.create(publicBase))
                .sendsPerSecondPerSender(1_000)
                .build();
        return Dispatcher.start(settings, TwilioSmsClient.create(twilioSettings), clock, DispatcherHooks.NONE);
    }

    /** Sequencer, analytics and the purchases' fact rows in one Flink job. */
    private JobClient startJobs() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        SequencerSettings defaults = SequencerSettings.defaults();
        // Steps 20 s and 5 min apart: the caps' default spacing (4 h, one text a day) would hold step 1 back.
        EngineSettings engine = defaults.engine().withCaps(new ContactCaps(Duration.ZERO, 5, 10, null))
                .withTrackedLinks(publicBase + "/l", LINK_SECRET);
        SequencerSettings sequencer = new SequencerSettings(bootstrap, "", SEQUENCER_GROUP, TimeMode.EVENT_TIME,
                OUT_OF_ORDERNESS, Duration.ofSeconds(1), Duration.ofMillis(500), defaults.transactionTimeout(), engine);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SequencerJob.build(env, new KafkaIo(sequencer).sources(), new KafkaIo(sequencer).sinks(), sequencer);
        AnalyticsSettings analytics = new AnalyticsSettings(bootstrap, "", ANALYTICS_GROUP, clickHouse.jdbcUrl(),
                "end-to-end-test-hash-key", OUT_OF_ORDERNESS, Duration.ofSeconds(1), Duration.ofMillis(500),
                AttributionSettings.defaults());
        ClickHouseSinkOptions sinkOptions = ClickHouseSinkOptions.builder(clickHouse.jdbcUrl()).build();
        AnalyticsJob.build(env, AnalyticsJob.kafkaSources(analytics, TOPICS),
                AnalyticsJob.clickHouseSinks(sinkOptions, analytics.keyedHash()), analytics);
        return env.executeAsync("e2e-analytics");
    }

    // ---- the script's events -----------------------------------------------------------------------------------

    private void publishCatalogAndSequence(Script script) {
        for (CatalogUpdate item : List.of(
                item(script, "coffee-beans", "coffee", BEANS, List.of("pour-over-kit"), List.of("bean-canister")),
                item(script, "pour-over-kit", "gear", POUR_OVER_KIT, List.of(), List.of()),
                item(script, "bean-canister", "gear", CANISTER, List.of(), List.of()),
                item(script, "mug", "gear", MUG, List.of(), List.of()))) {
            kafka.send(TOPICS.catalog(), item.getSku(), item);
        }
        kafka.send(TOPICS.sequenceDefinitions(), script.brand + "/" + SEQUENCE, definition(script));
        kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                .anyMatch(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED
                        && d.getTenant().getBrandId().equals(script.brand)), script + "'s sequence accepted");
        awaitConsumed(SEQUENCER_GROUP, TOPICS.catalog());
    }

    private SequenceDefinition definition(Script script) {
        String yaml = """
                id: %s
                version: 1
                status: LIVE
                brandId: %s
                priority: 50
                subject: coffee
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: %s}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, many customers brew it with {productName} ({price}): {link}"
                  - delay: {after: %s}
                    offer: ADD_ON
                    templates:
                      en-US: "One more idea, {firstName}: {productName} ({price}) keeps beans fresh: {link}"
                exits: [OFFERED_ITEM_PURCHASE, REPLY]
                reentry: {policy: AFTER_COMPLETION}
                holdoutPercent: 50
                attributionWindow: PT1H
                onNewVersion: FINISH_ON_OLD
                defaultLocale: en-US
                """.formatted(SEQUENCE, script.brand, STEP_0_DELAY, STEP_1_DELAY);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalStateException("the test's sequence is invalid: " + parsed);
        }
        return new SequenceDefinition(SEQUENCE, 1, script.brand, clock.instant(),
                DefinitionParser.toJson(accepted.definition()));
    }

    /** The customer taps the tracked link in the text, which takes them to the offered item's page. */
    private void tap(SmsIntent text, String sku) {
        Matcher link = Pattern.compile(Pattern.quote(publicBase + "/l/") + "\\S+").matcher(text.getBody());
        assertThat(link.find()).as("a tracked link in " + text.getBody()).isTrue();
        HttpResponse<String> redirect = phones.get(link.group());
        assertThat(redirect.statusCode()).as("redirect of " + link.group()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://shop.example/p/" + sku);
    }

    /** The customer texts our number back, as Twilio posts it to the webhook service (signed). */
    private void textBack(Script script, int i, String body) {
        HttpResponse<String> answer = phones.inboundText(publicBase + "/twilio/inbound", TwilioFake.DEV_ACCOUNT_SID,
                "SM" + script.brand + id(i) + body.hashCode(), script.phone(i), script.sender, body);
        assertThat(answer.statusCode()).as("inbound " + body).isEqualTo(200);
    }

    private void buy(Script script, int i, String what, LineItem... lines) {
        String orderId = script.brand + "-" + id(i) + "-" + what;
        kafka.send(TOPICS.purchases(), id(i), PurchaseEvent.newBuilder()
                .setEventId(orderId).setTenant(script.tenant()).setCustomerId(id(i)).setEventTime(clock.instant())
                .setOrderId(orderId).setLines(List.of(lines))
                .setTotalMinor(Stream.of(lines).mapToLong(LineItem::getUnitPriceMinor).sum())
                .setCurrency("USD").setChannel(SalesChannel.ONLINE).build());
    }

    private CustomerEvent signUp(Script script, int i) {
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":sign-up").setTenant(script.tenant()).setCustomerId(id(i))
                .setEventTime(clock.instant()).setType(CustomerEventType.SIGN_UP).setPhoneE164(script.phone(i))
                .setTimeZone(NEW_YORK.getId()).setLocale("en-US").setFirstName("Customer" + i).build();
    }

    private CustomerEvent consent(Script script, int i) {
        Instant at = clock.instant();
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":consent").setTenant(script.tenant()).setCustomerId(id(i)).setEventTime(at)
                .setType(CustomerEventType.CONSENT_GRANTED)
                .setConsent(new ConsentChange("checkout_form", "form-17", at)).build();
    }

    private static LineItem line(String sku, String category, long priceMinor) {
        return new LineItem(sku, sku, category, 1, priceMinor, "USD");
    }

    private CatalogUpdate item(Script script, String sku, String category, long priceMinor, List<String> complements,
                               List<String> addOns) {
        return CatalogUpdate.newBuilder()
                .setEventId("catalog-" + script.brand + "-" + sku).setTenant(new Tenant(script.brand, null)).setEventTime(clock.instant())
                .setSku(sku).setName(sku.replace('-', ' ')).setCategory(category).setPriceMinor(priceMinor)
                .setCurrency("USD").setStock(1000).setActive(true).setUrl("https://shop.example/p/" + sku)
                .setComplements(complements).setAddOns(addOns).setReplenishmentDays(null).build();
    }

    private void moveTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    /** Lets the sequencer's event time catch up with the clock: a browse by a customer who takes part in nothing. */
    private void tick() {
        Instant at = clock.instant();
        kafka.send(TOPICS.browse(), "clock", BrowseEvent.newBuilder().setEventId("clock-" + at.toEpochMilli())
                .setTenant(Script.IDENTICAL.tenant()).setCustomerId("clock").setEventTime(at).setAction(BrowseAction.SEARCH).build());
    }

    private static String id(int i) {
        return String.format("c%02d", i);
    }

    private static int index(String customerId) {
        return Integer.parseInt(customerId.substring(1));
    }

    private static Set<Integer> customersWith(List<Decision> decisions, Script script, DecisionOutcome outcome) {
        return decisions.stream().filter(d -> d.getOutcome() == outcome && SEQUENCE.equals(d.getSequenceId())
                        && d.getTenant().getBrandId().equals(script.brand))
                .map(d -> index(d.getCustomerId())).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---- waiting and reading -----------------------------------------------------------------------------------

    private void awaitConsumed(String group, Topic<?> topic) {
        try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
            progress.awaitConsumed(group, List.of(topic.name()), TopicClient.DEADLINE);
        }
    }

    private void awaitScalar(String sql, long wanted) {
        Await.until(() -> scalar(sql) == wanted, TopicClient.DEADLINE, sql + " = " + wanted);
    }

    private long scalar(String sql) {
        return Long.parseLong(clickHouse.query(sql + " FORMAT TabSeparated").trim());
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
    }

    private static double decimal(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number number ? number.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    private static String queryFile(String name) {
        try {
            return Files.readString(ROOT.resolve("sql/queries").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
