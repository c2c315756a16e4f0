package dev.nudge.demo;

import dev.nudge.analytics.AnalyticsJob;
import dev.nudge.analytics.AnalyticsSettings;
import dev.nudge.analytics.AttributionSettings;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole path on real parts: the sequencer (event time, hold-out 50%) puts texts in the outbox, the dispatcher
 * sends them through the Twilio SDK to the Twilio-compatible server, whose signed status callbacks reach the webhook
 * service; 60 scripted customers tap signed click links and text back through the webhook service, and buy (purchase
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
 * <p>Every customer checks out coffee at noon. The sequence texts a complement (the pour-over kit) 20 s later
 * (step 0) and an add-on (the canister) 5 min after that (step 1). What customer i does depends on i % 6, the same
 * whether or not the sequence held them out (held-out customers get no text, so only their purchases remain):
 * <ol start="0">
 *   <li>buys a mug 2 min after step 0;</li>
 *   <li>taps step 0's link a minute after it, then buys the offered kit and a mug (and so leaves the sequence);</li>
 *   <li>answers step 0 "Sounds good, thanks!" (and so leaves the sequence), then buys a mug;</li>
 *   <li>taps step 1's link a minute after it, then buys the offered canister;</li>
 *   <li>has a phone that never gets the texts (undelivered), buys a mug 2 min after step 0: no touch, no conversion;</li>
 *   <li>buys nothing; the first of them who is texted answers step 0 with STOP.</li>
 * </ol>
 */
class EndToEndAnalyticsITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();
    private static final Topics TOPICS = Topics.standard();
    private static final String BRAND = "demo-roasters";
    private static final Tenant TENANT = new Tenant(BRAND, "downtown");
    private static final String SEQUENCE = "e2e-checkout";
    private static final String SEQUENCER_GROUP = "e2e-sequencer";
    private static final String ANALYTICS_GROUP = "e2e-analytics";
    private static final String SENDER = "+15005550006";
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
    private static final List<String> FACT_TABLES =
            List.of("decisions", "messages", "engagements", "conversions", "purchases");

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
        try (TopicClient client = new TopicClient(KAFKA.bootstrapServers());
             TwilioFake fake = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                     .statusCallbacks(true).clock(clock);
             WebhookServer server = WebhookServer.start(WebhookSettings.of(KAFKA.bootstrapServers(),
                     TwilioFake.DEV_AUTH_TOKEN, URI.create(publicBase), port, Map.of(SENDER, BRAND))
                     .withGuards(WebhookGuards.defaults().withLinkSecret(LINK_SECRET)), clock);
             Dispatcher dispatcher = startDispatcher(fake)) {
            kafka = client;
            twilio = fake;
            webhooks = server;
            for (int i = 4; i < CUSTOMERS; i += 6) {
                twilio.finalStatus(phone(i), DeliveryOutcome.UNDELIVERED);
            }
            JobClient job = startJobs();
            try {
                List<SmsIntent> texts = playTheScript();
                assertThat(twilio.messages()).as("one message per text at the Twilio server").hasSize(texts.size())
                        .allSatisfy(message -> assertThat(message.statusCallback()).startsWith(publicBase));
                assertThat(List.of(dispatcher.stats().sent(), dispatcher.stats().skipped(), dispatcher.stats().failed()))
                        .as("dispatcher sent, skipped, failed").containsExactly((long) texts.size(), 0L, 0L);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Plays the script through the running services and checks ClickHouse; returns every text the sequencer sent. */
    private List<SmsIntent> playTheScript() {
        publishCatalogAndSequence();
        for (int i = 0; i < CUSTOMERS; i++) {
            kafka.send(TOPICS.customers(), id(i), signUp(i));
            kafka.send(TOPICS.customers(), id(i), consent(i));
        }
        awaitConsumed(SEQUENCER_GROUP, TOPICS.customers());
        moveTo(NOON);
        for (int i = 0; i < CUSTOMERS; i++) {
            buy(i, "checkout", line("coffee-beans", "coffee", BEANS));
        }
        List<Decision> entries = kafka.readUntil(TOPICS.decisions(),
                all -> entered(all).size() + heldOut(all).size() >= CUSTOMERS, "an entry decision per customer");
        Set<Integer> treated = entered(entries);
        Set<Integer> heldOut = heldOut(entries);
        assertThat(treated).as("treated").isNotEmpty().doesNotContainAnyElementsOf(heldOut);
        assertThat(heldOut).as("held out").isNotEmpty();
        int optOut = treated.stream().filter(i -> i % 6 == 5).findFirst().orElseThrow();

        // Step 0, and what the customers do about it.
        Instant step0 = NOON.plus(STEP_0_DELAY);
        List<SmsIntent> firstTexts = textsOfStep(0, step0, treated, "pour-over-kit");
        moveTo(step0.plus(Duration.ofMinutes(1)));
        for (SmsIntent text : firstTexts) {
            int i = index(text.getCustomerId());
            if (i % 6 == 1) {
                tap(text, "pour-over-kit");
            } else if (i % 6 == 2) {
                textBack(i, "Sounds good, thanks!");
            } else if (i == optOut) {
                textBack(i, "STOP");
            }
        }
        moveTo(step0.plus(Duration.ofMinutes(2)));
        for (int i = 0; i < CUSTOMERS; i++) {
            switch (i % 6) {
                case 0, 2, 4 -> buy(i, "mug", line("mug", "gear", MUG));
                case 1 -> buy(i, "kit", line("pour-over-kit", "gear", POUR_OVER_KIT), line("mug", "gear", MUG));
                default -> { }
            }
        }
        Set<Integer> leavers = treated.stream().filter(i -> i % 6 == 1 || i % 6 == 2 || i == optOut)
                .collect(Collectors.toSet());
        kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                .filter(d -> d.getOutcome() == DecisionOutcome.EXITED).map(d -> index(d.getCustomerId()))
                .collect(Collectors.toSet()).containsAll(leavers), "the exits");
        awaitConsumed(SEQUENCER_GROUP, TOPICS.engagements());
        awaitConsumed(SEQUENCER_GROUP, TOPICS.purchases());

        // Step 1 to those still in the sequence.
        Instant step1 = step0.plus(STEP_1_DELAY);
        Set<Integer> stayers = treated.stream().filter(i -> !leavers.contains(i)).collect(Collectors.toSet());
        List<SmsIntent> secondTexts = textsOfStep(1, step1, stayers, "bean-canister");
        moveTo(step1.plus(Duration.ofMinutes(1)));
        secondTexts.stream().filter(text -> index(text.getCustomerId()) % 6 == 3).forEach(text -> tap(text, "bean-canister"));
        moveTo(step1.plus(Duration.ofMinutes(2)));
        for (int i = 3; i < CUSTOMERS; i += 6) {
            buy(i, "canister", line("bean-canister", "gear", CANISTER));
        }
        // A stranger texts HELP a minute later: real traffic that moves analytics' event time past the last purchases.
        moveTo(step1.plus(Duration.ofMinutes(3)));
        HttpResponse<String> help = phones.inboundText(publicBase + "/twilio/inbound", TwilioFake.DEV_ACCOUNT_SID,
                "SMstranger", "+13125550000", SENDER, "HELP");
        assertThat(help.body()).contains("Reply STOP to stop these texts");

        List<SmsIntent> texts = Stream.concat(firstTexts.stream(), secondTexts.stream()).toList();
        Expected expected = Expected.of(treated, heldOut, optOut);
        assertThat(expected.steps().values()).as("the script exercises every stage of every step")
                .allSatisfy(step -> assertThat(List.of(step.sent, step.delivered, step.clicked, step.converted,
                        step.offeredConversions)).allSatisfy(figure -> assertThat(figure).isPositive()));
        awaitEverythingInClickHouse(texts, expected);
        assertTheQueries(expected);
        for (String file : List.of("01_funnel.sql", "02_conversion_by_text.sql", "03_holdout_lift.sql")) {
            System.out.printf("%s%n%s%n", file, clickHouse.query(queryFile(file) + "\nFORMAT PrettyCompactMonoBlock"));
        }
        resendEveryRowTwiceAndCompare();
        return texts;
    }

    /**
     * Moves event time just past the step's due time; waits for the step's texts in the outbox, at the Twilio server
     * and settled there, their receipts published and the webhook service aware they were sent (so replies find them).
     */
    private List<SmsIntent> textsOfStep(int step, Instant due, Set<Integer> customers, String offerSku) {
        moveTo(due.plus(FIRE));
        tick();
        List<SmsIntent> texts = kafka.readUntil(TOPICS.outbox(),
                all -> all.stream().filter(t -> t.getStep() == step).count() >= customers.size(), "step " + step + " texts")
                .stream().filter(t -> t.getStep() == step).toList();
        assertThat(texts).extracting(t -> index(t.getCustomerId())).containsExactlyInAnyOrderElementsOf(customers);
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
    private void awaitEverythingInClickHouse(List<SmsIntent> texts, Expected expected) {
        Set<String> engagementIds = kafka.readUntil(TOPICS.engagements(),
                        all -> all.stream().anyMatch(e -> "inbound:SMstranger".equals(e.getEventId())), "the HELP")
                .stream().map(EngagementEvent::getEventId).collect(Collectors.toSet());
        long conversions = expected.steps().values().stream().mapToLong(step -> step.converted).sum()
                + expected.heldOutConverted();
        awaitScalar("SELECT uniqExact(message_id) FROM nudge.messages", texts.size());
        awaitScalar("SELECT uniqExact(event_id) FROM nudge.engagements", engagementIds.size());
        awaitScalar("SELECT uniqExact(conversion_id) FROM nudge.conversions", conversions);
        awaitScalar("SELECT uniqExact(order_id) FROM nudge.purchases", purchaseCount());
    }

    private static long purchaseCount() {
        long count = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            count += 1 + (i % 6 <= 4 ? 1 : 0); // the checkout, and the mug, kit or canister of groups 0 to 4
        }
        return count;
    }

    // ---- the figures, worked out from the script ----------------------------------------------------------------

    /** What the script should leave in ClickHouse, per step of the sequence, and for the hold-out comparison. */
    private record Expected(Map<Integer, StepFigures> steps, long treated, long treatedConverted, long heldOut,
                            long heldOutConverted, long heldOutRevenue) {

        static Expected of(Set<Integer> treated, Set<Integer> heldOut, int optOut) {
            Map<Integer, StepFigures> steps = new TreeMap<>(Map.of(0, new StepFigures(), 1, new StepFigures()));
            long treatedConverted = 0;
            for (int i : treated) {
                int group = i % 6;
                boolean stays = group != 1 && group != 2 && i != optOut;
                for (int step : stays ? List.of(0, 1) : List.of(0)) {
                    StepFigures figures = steps.get(step);
                    figures.sent++;
                    figures.delivered += group == 4 ? 0 : 1;
                    figures.clicked += (group == 1 && step == 0) || (group == 3 && step == 1) ? 1 : 0;
                    figures.replied += group == 2 && step == 0 ? 1 : 0;
                    figures.optedOut += i == optOut && step == 0 ? 1 : 0;
                }
                // Last touch: the mugs and the kit come after step 0 only, the canister after step 1. Group 4's
                // texts were never delivered, so touched nobody.
                switch (group) {
                    case 0, 2 -> steps.get(0).convert(MUG, 0);
                    case 1 -> steps.get(0).convert(POUR_OVER_KIT + MUG, POUR_OVER_KIT);
                    case 3 -> steps.get(1).convert(CANISTER, CANISTER);
                    default -> { }
                }
                treatedConverted += group <= 3 ? 1 : 0;
            }
            // Every purchase after the checkout falls inside the hold-out window (1 h); the checkout itself does not.
            long heldOutConverted = heldOut.stream().filter(i -> i % 6 <= 4).count();
            long heldOutRevenue = heldOut.stream().mapToLong(i -> switch (i % 6) {
                case 0, 2, 4 -> MUG;
                case 1 -> POUR_OVER_KIT + MUG;
                case 3 -> CANISTER;
                default -> 0;
            }).sum();
            return new Expected(steps, treated.size(), treatedConverted, heldOut.size(), heldOutConverted,
                    heldOutRevenue);
        }

        double treatedRate() {
            return (double) treatedConverted / treated;
        }

        double heldOutRate() {
            return (double) heldOutConverted / heldOut;
        }

        double lift() {
            return treatedRate() - heldOutRate();
        }

        /** 1.96 standard errors of the difference of two proportions (normal approximation). */
        double ciHalfWidth() {
            double p1 = treatedRate();
            double p0 = heldOutRate();
            return 1.96 * Math.sqrt(p1 * (1 - p1) / treated + p0 * (1 - p0) / heldOut);
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

    private void assertTheQueries(Expected expected) {
        List<String> funnel = clickHouse.queryJsonEachRow(queryFile("01_funnel.sql")).stream()
                .map(row -> String.format("%s/%s step %d: sent %d delivered %d clicked %d replied %d opted out %d converted %d",
                        row.get("brand_id"), row.get("sequence_id"), number(row, "step"), number(row, "sent"),
                        number(row, "delivered"), number(row, "clicked"), number(row, "replied"),
                        number(row, "opted_out"), number(row, "converted")))
                .toList();
        assertThat(funnel).containsExactlyElementsOf(expected.steps().entrySet().stream()
                .map(step -> String.format("%s/%s step %d: sent %d delivered %d clicked %d replied %d opted out %d converted %d",
                        BRAND, SEQUENCE, step.getKey(), step.getValue().sent, step.getValue().delivered,
                        step.getValue().clicked, step.getValue().replied, step.getValue().optedOut,
                        step.getValue().converted))
                .toList());

        List<String> byText = clickHouse.queryJsonEachRow(queryFile("02_conversion_by_text.sql")).stream()
                .map(row -> String.format("step %d: sent %d conversions %d with the offered item %d revenue %d offered revenue %d",
                        number(row, "step"), number(row, "sent"), number(row, "conversions"),
                        number(row, "offered_item_conversions"), number(row, "revenue_minor"),
                        number(row, "offered_revenue_minor")))
                .toList();
        assertThat(byText).containsExactlyElementsOf(expected.steps().entrySet().stream()
                .map(step -> String.format("step %d: sent %d conversions %d with the offered item %d revenue %d offered revenue %d",
                        step.getKey(), step.getValue().sent, step.getValue().converted,
                        step.getValue().offeredConversions, step.getValue().revenue, step.getValue().offeredRevenue))
                .toList());

        List<Map<String, Object>> lift = clickHouse.queryJsonEachRow(queryFile("03_holdout_lift.sql"));
        assertThat(lift).hasSize(1);
        Map<String, Object> row = lift.get(0);
        assertThat(List.of(number(row, "treated"), number(row, "treated_converted"), number(row, "held_out"),
                number(row, "held_out_converted")))
                .containsExactly(expected.treated(), expected.treatedConverted(), expected.heldOut(),
                        expected.heldOutConverted());
        // The query rounds to 4 decimals.
        assertThat(decimal(row, "lift")).isCloseTo(expected.lift(), within(0.00006));
        assertThat(decimal(row, "lift_ci_low")).isCloseTo(expected.lift() - expected.ciHalfWidth(), within(0.00006));
        assertThat(decimal(row, "lift_ci_high")).isCloseTo(expected.lift() + expected.ciHalfWidth(), within(0.00006));
        System.out.printf("lift %.4f, 95%% CI [%.4f, %.4f]: treated %d/%d, held out %d/%d%n", expected.lift(),
                expected.lift() - expected.ciHalfWidth(), expected.lift() + expected.ciHalfWidth(),
                expected.treatedConverted(), expected.treated(), expected.heldOutConverted(), expected.heldOut());

        long textRevenue = expected.steps().values().stream().mapToLong(step -> step.revenue).sum();
        long textConversions = expected.steps().values().stream().mapToLong(step -> step.converted).sum();
        assertThat(clickHouse.query("SELECT holdout, count(), sum(revenue_minor) FROM nudge.conversions FINAL "
                + "GROUP BY holdout ORDER BY holdout FORMAT TabSeparated"))
                .isEqualTo("0\t" + textConversions + "\t" + textRevenue + "\n1\t" + expected.heldOutConverted() + "\t"
                        + expected.heldOutRevenue() + "\n");
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
                results.put(file.getFileName().toString(),
                        clickHouse.query(Files.readString(file) + "\nFORMAT TabSeparatedWithNames"));
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
                .senders(Map.of(BRAND, SENDER))
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

    private void publishCatalogAndSequence() {
        for (CatalogUpdate item : List.of(
                item("coffee-beans", "coffee", BEANS, List.of("pour-over-kit"), List.of("bean-canister")),
                item("pour-over-kit", "gear", POUR_OVER_KIT, List.of(), List.of()),
                item("bean-canister", "gear", CANISTER, List.of(), List.of()),
                item("mug", "gear", MUG, List.of(), List.of()))) {
            kafka.send(TOPICS.catalog(), item.getSku(), item);
        }
        kafka.send(TOPICS.sequenceDefinitions(), SEQUENCE, definition());
        kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                .anyMatch(d -> d.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED), "the sequence accepted");
        awaitConsumed(SEQUENCER_GROUP, TOPICS.catalog());
    }

    private SequenceDefinition definition() {
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
                """.formatted(SEQUENCE, BRAND, STEP_0_DELAY, STEP_1_DELAY);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalStateException("the test's sequence is invalid: " + parsed);
        }
        return new SequenceDefinition(SEQUENCE, 1, BRAND, clock.instant(),
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
    private void textBack(int i, String body) {
        HttpResponse<String> answer = phones.inboundText(publicBase + "/twilio/inbound", TwilioFake.DEV_ACCOUNT_SID,
                "SM" + id(i) + body.hashCode(), phone(i), SENDER, body);
        assertThat(answer.statusCode()).as("inbound " + body).isEqualTo(200);
    }

    private void buy(int i, String what, LineItem... lines) {
        String orderId = id(i) + "-" + what;
        kafka.send(TOPICS.purchases(), id(i), PurchaseEvent.newBuilder()
                .setEventId(orderId).setTenant(TENANT).setCustomerId(id(i)).setEventTime(clock.instant())
                .setOrderId(orderId).setLines(List.of(lines))
                .setTotalMinor(Stream.of(lines).mapToLong(LineItem::getUnitPriceMinor).sum())
                .setCurrency("USD").setChannel(SalesChannel.ONLINE).build());
    }

    private CustomerEvent signUp(int i) {
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":sign-up").setTenant(TENANT).setCustomerId(id(i)).setEventTime(clock.instant())
                .setType(CustomerEventType.SIGN_UP).setPhoneE164(phone(i))
                .setTimeZone(NEW_YORK.getId()).setLocale("en-US").setFirstName("Customer" + i).build();
    }

    private CustomerEvent consent(int i) {
        Instant at = clock.instant();
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":consent").setTenant(TENANT).setCustomerId(id(i)).setEventTime(at)
                .setType(CustomerEventType.CONSENT_GRANTED)
                .setConsent(new ConsentChange("checkout_form", "form-17", at)).build();
    }

    private static LineItem line(String sku, String category, long priceMinor) {
        return new LineItem(sku, sku, category, 1, priceMinor, "USD");
    }

    private CatalogUpdate item(String sku, String category, long priceMinor, List<String> complements,
                               List<String> addOns) {
        return CatalogUpdate.newBuilder()
                .setEventId("catalog-" + sku).setTenant(new Tenant(BRAND, null)).setEventTime(clock.instant())
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
                .setTenant(TENANT).setCustomerId("clock").setEventTime(at).setAction(BrowseAction.SEARCH).build());
    }

    private static String phone(int i) {
        return String.format("+1212555%04d", 1000 + i);
    }

    private static String id(int i) {
        return String.format("c%02d", i);
    }

    private static int index(String customerId) {
        return Integer.parseInt(customerId.substring(1));
    }

    private static Set<Integer> entered(List<Decision> decisions) {
        return customersWith(decisions, DecisionOutcome.ENTERED);
    }

    private static Set<Integer> heldOut(List<Decision> decisions) {
        return customersWith(decisions, DecisionOutcome.HELD_OUT);
    }

    private static Set<Integer> customersWith(List<Decision> decisions, DecisionOutcome outcome) {
        return decisions.stream().filter(d -> d.getOutcome() == outcome && SEQUENCE.equals(d.getSequenceId()))
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
