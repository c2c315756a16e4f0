package dev.nudge.demo;

import dev.nudge.analytics.AnalyticsJob;
import dev.nudge.analytics.AnalyticsSettings;
import dev.nudge.analytics.AttributionSettings;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.devstack.kafka.ConsumerProgress;
import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
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
import dev.nudge.platform.clickhouse.ClickHouseSink;
import dev.nudge.platform.clickhouse.ClickHouseSinkOptions;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.clickhouse.PurchaseRows;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioTextSink;
import dev.nudge.sequencer.KafkaIo;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import dev.nudge.slice.FirstSliceJob;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole analytics path on real parts: a scripted week for 60 customers goes through the sequencer (event time,
 * holdout 50%), the delivery slice (texts to the Twilio-compatible server), delivery receipts, clicks, an opt-out
 * and purchases as the webhook service and the shop would publish them, and the analytics job into ClickHouse.
 * The analyst queries in sql/queries are then checked against figures worked out here from the script, and again
 * after every fact row has been inserted twice more, as retried sink batches would.
 *
 * <p>Every customer checks out coffee on Monday at 14:00 + i minutes (New York). The sequence texts a complement
 * a day later (step 0) and an add-on two days after that (step 1). What customer i does depends on i % 6, the same
 * whether or not the sequence held them out:
 * <ol start="0">
 *   <li>buys a mug on Wednesday 10:00 (inside step 0's window);</li>
 *   <li>clicks step 0 on Tuesday 15:30 and buys the offered pour-over kit and a mug at 16:00 (and so leaves the sequence);</li>
 *   <li>buys a mug on Saturday 20:00 (inside step 1's window, outside the hold-out window);</li>
 *   <li>clicks step 1 on Thursday 15:30 and buys the offered canister at 18:00 (outside the hold-out window);</li>
 *   <li>never gets a delivery receipt, buys a mug on Wednesday 10:00 (no text touched them: no conversion);</li>
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
    private static final int CUSTOMERS = 60;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant SUNDAY = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    /** Far less than the hours between any purchase in the script and the end of the window it should (not) fall in. */
    private static final Duration LATE_DECISION = Duration.ofMinutes(15);
    private static final Duration ATTRIBUTION_WINDOW = Duration.ofDays(3);
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

    private TopicClient kafka;
    private ClickHouseServer clickHouse;

    @Test
    void theFunnelConversionsAndLiftInClickHouseAreTheScriptedOnesAndSurviveRetriedBatches() throws Exception {
        clickHouse = CLICKHOUSE.server();
        try (TopicClient client = new TopicClient(KAFKA.bootstrapServers());
             TwilioFake twilio = TwilioFake.start(TwilioFake.DEV_ACCOUNT_SID, TwilioFake.DEV_AUTH_TOKEN)
                     .statusCallbacks(false)) {
            kafka = client;
            JobClient job = startJobs(twilio);
            try {
                List<SmsIntent> texts = playTheWeek();
                Instant deadline = Instant.now().plus(TopicClient.DEADLINE);
                awaitTrue(() -> twilio.messages().size() >= texts.size(), deadline, "texts at the Twilio server");
                assertThat(twilio.messages()).hasSize(texts.size());
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Plays the script through the running jobs and checks ClickHouse; returns every text the sequencer sent. */
    private List<SmsIntent> playTheWeek() {
        publishCatalogAndSequence();
        for (int i = 0; i < CUSTOMERS; i++) {
            kafka.send(TOPICS.customers(), id(i), signUp(i));
            kafka.send(TOPICS.customers(), id(i), consent(i));
        }
        awaitConsumed(SEQUENCER_GROUP, TOPICS.customers());
        for (int i = 0; i < CUSTOMERS; i++) {
            kafka.send(TOPICS.purchases(), id(i), purchase(i, "checkout", checkoutAt(i), line("coffee-beans", "coffee", BEANS)));
        }
        List<Decision> entries = kafka.readUntil(TOPICS.decisions(),
                all -> entered(all).size() + heldOut(all).size() >= CUSTOMERS, "an entry decision per customer");
        Set<Integer> treated = entered(entries);
        Set<Integer> heldOut = heldOut(entries);
        assertThat(treated).as("treated").isNotEmpty().doesNotContainAnyElementsOf(heldOut);
        assertThat(heldOut).as("held out").isNotEmpty();
        // A checkout read after the watermark passed it is decided at the watermark, so allow a few minutes.
        assertThat(entries).filteredOn(d -> d.getOutcome() == DecisionOutcome.HELD_OUT)
                .allSatisfy(d -> assertThat(d.getDecidedAt()).isBetween(checkoutAt(index(d.getCustomerId())),
                        checkoutAt(index(d.getCustomerId())).plus(LATE_DECISION)));
        int optOut = treated.stream().filter(i -> i % 6 == 5).findFirst().orElseThrow();
        awaitScalar("SELECT uniqExactIf(customer_hash, outcome IN ('ENTERED', 'HELD_OUT')) FROM nudge.decisions", CUSTOMERS);

        // Tuesday: step 0 goes out at 14:00 + i; receipts, clicks and the opt-out come back; then the purchases.
        tick(local(3, 15, 0));
        List<SmsIntent> firstTexts = kafka.readUntil(TOPICS.outbox(), all -> all.size() >= treated.size(), "step 0 texts");
        assertThat(firstTexts).extracting(t -> index(t.getCustomerId())).containsExactlyInAnyOrderElementsOf(treated);
        assertThat(firstTexts).allSatisfy(text -> {
            assertThat(text.getStep()).isZero();
            assertThat(text.getOfferSku()).isEqualTo("pour-over-kit");
            Instant due = checkoutAt(index(text.getCustomerId())).plus(Duration.ofDays(1));
            assertThat(text.getCreatedAt()).isBetween(due, due.plus(LATE_DECISION));
        });
        awaitScalar("SELECT uniqExact(message_id) FROM nudge.messages", firstTexts.size());
        List<EngagementEvent> reactions = new ArrayList<>();
        for (SmsIntent text : firstTexts) {
            int i = index(text.getCustomerId());
            receipt(text).ifPresent(reactions::add);
            if (i % 6 == 1) {
                reactions.add(engagement(text, EngagementType.CLICKED, local(3, 15, 30)));
            }
            if (i == optOut) {
                reactions.add(engagement(text, EngagementType.OPTED_OUT, local(3, 16, 0)));
            }
        }
        publishEngagements(reactions);
        for (int i = 0; i < CUSTOMERS; i++) {
            if (i % 6 == 1) {
                kafka.send(TOPICS.purchases(), id(i), purchase(i, "kit", local(3, 16, 0),
                        line("pour-over-kit", "gear", POUR_OVER_KIT), line("mug", "gear", MUG)));
            } else if (i % 6 == 0 || i % 6 == 4) {
                kafka.send(TOPICS.purchases(), id(i), purchase(i, "mug", local(4, 10, 0), line("mug", "gear", MUG)));
            }
        }
        awaitConsumed(SEQUENCER_GROUP, TOPICS.purchases());
        Set<Integer> leavers = treated.stream().filter(i -> i % 6 == 1 || i == optOut).collect(Collectors.toSet());
        kafka.readUntil(TOPICS.decisions(), all -> all.stream()
                .filter(d -> d.getOutcome() == DecisionOutcome.EXITED).map(d -> index(d.getCustomerId()))
                .collect(Collectors.toSet()).containsAll(leavers), "the exits");

        // Thursday: step 1 goes out to those still in the sequence; receipts and clicks, then the last purchases.
        tick(local(5, 15, 0));
        int textCount = firstTexts.size() + treated.size() - leavers.size();
        List<SmsIntent> texts = kafka.readUntil(TOPICS.outbox(), all -> all.size() >= textCount, "step 1 texts");
        List<SmsIntent> secondTexts = texts.stream().filter(t -> t.getStep() == 1).toList();
        assertThat(secondTexts).extracting(t -> index(t.getCustomerId()))
                .containsExactlyInAnyOrderElementsOf(treated.stream().filter(i -> !leavers.contains(i)).toList());
        assertThat(secondTexts).allSatisfy(text -> {
            assertThat(text.getOfferSku()).isEqualTo("bean-canister");
            Instant due = checkoutAt(index(text.getCustomerId())).plus(Duration.ofDays(3));
            assertThat(text.getCreatedAt()).isBetween(due, due.plus(LATE_DECISION));
        });
        awaitScalar("SELECT uniqExact(message_id) FROM nudge.messages", texts.size());
        reactions.clear();
        for (SmsIntent text : secondTexts) {
            receipt(text).ifPresent(reactions::add);
            if (index(text.getCustomerId()) % 6 == 3) {
                reactions.add(engagement(text, EngagementType.CLICKED, local(5, 15, 30)));
            }
        }
        publishEngagements(reactions);
        for (int i = 0; i < CUSTOMERS; i++) {
            if (i % 6 == 3) {
                kafka.send(TOPICS.purchases(), id(i), purchase(i, "canister", local(5, 18, 0),
                        line("bean-canister", "gear", CANISTER)));
            } else if (i % 6 == 2) {
                kafka.send(TOPICS.purchases(), id(i), purchase(i, "late-mug", local(7, 20, 0), line("mug", "gear", MUG)));
            }
        }
        awaitConsumed(ANALYTICS_GROUP, TOPICS.purchases());
        awaitConsumed(FirstSliceJob.GROUP, TOPICS.purchases());

        Expected expected = Expected.of(treated, heldOut, optOut);
        assertThat(expected.steps().values()).as("the script exercises every stage of every step")
                .allSatisfy(step -> assertThat(List.of(step.sent, step.delivered, step.clicked, step.converted,
                        step.offeredConversions)).allSatisfy(figure -> assertThat(figure).isPositive()));
        assertTheQueries(expected);
        for (String file : List.of("01_funnel.sql", "02_conversion_by_text.sql", "03_holdout_lift.sql")) {
            System.out.printf("%s%n%s%n", file, clickHouse.query(queryFile(file) + "\nFORMAT PrettyCompactMonoBlock"));
        }
        resendEveryRowTwiceAndCompare();
        return texts;
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
                boolean stays = group != 1 && i != optOut;
                for (int step : stays ? List.of(0, 1) : List.of(0)) {
                    StepFigures figures = steps.get(step);
                    figures.sent++;
                    figures.delivered += group == 4 ? 0 : 1;
                    figures.clicked += (group == 1 && step == 0) || (group == 3 && step == 1) ? 1 : 0;
                    figures.optedOut += i == optOut && step == 0 ? 1 : 0;
                }
                // Last touch: the mug on Wednesday and the kit on Tuesday come after step 0 only; Saturday's mug and
                // Thursday's canister after step 1. Group 4's texts were never delivered, so touched nobody.
                switch (group) {
                    case 0 -> steps.get(0).convert(MUG, 0);
                    case 1 -> steps.get(0).convert(POUR_OVER_KIT + MUG, POUR_OVER_KIT);
                    case 2 -> steps.get(1).convert(MUG, 0);
                    case 3 -> steps.get(1).convert(CANISTER, CANISTER);
                    default -> { }
                }
                treatedConverted += group <= 3 ? 1 : 0;
            }
            // Inside three days of Monday's hold-out: Tuesday's kit and Wednesday's mugs; not Thursday 18:00 or Saturday.
            long heldOutConverted = heldOut.stream().filter(i -> i % 6 == 0 || i % 6 == 1 || i % 6 == 4).count();
            long heldOutRevenue = heldOut.stream()
                    .mapToLong(i -> i % 6 == 1 ? POUR_OVER_KIT + MUG : i % 6 == 0 || i % 6 == 4 ? MUG : 0).sum();
            return new Expected(steps, treated.size(), treatedConverted, heldOut.size(), heldOutConverted,
                    heldOutRevenue);
        }

        double lift() {
            return (double) treatedConverted / treated - (double) heldOutConverted / heldOut;
        }
    }

    private static final class StepFigures {
        long sent;
        long delivered;
        long clicked;
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
                        step.getValue().clicked, 0, step.getValue().optedOut, step.getValue().converted))
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
        assertThat(((Number) row.get("lift")).doubleValue()).isCloseTo(expected.lift(), within(0.0001));

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

    // ---- the jobs ----------------------------------------------------------------------------------------------

    /** Sequencer, analytics and the delivery slice in one Flink job, as the demo runs them. */
    private JobClient startJobs(TwilioFake twilio) throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        SequencerSettings defaults = SequencerSettings.defaults();
        SequencerSettings sequencer = new SequencerSettings(bootstrap, "", SEQUENCER_GROUP, TimeMode.EVENT_TIME,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(500), defaults.transactionTimeout(),
                defaults.engine());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SequencerJob.build(env, new KafkaIo(sequencer).sources(), new KafkaIo(sequencer).sinks(), sequencer);
        AnalyticsSettings analytics = new AnalyticsSettings(bootstrap, "", ANALYTICS_GROUP, clickHouse.jdbcUrl(),
                "end-to-end-test-hash-key", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(500),
                AttributionSettings.defaults());
        ClickHouseSinkOptions sinkOptions = ClickHouseSinkOptions.builder(clickHouse.jdbcUrl()).build();
        AnalyticsJob.build(env, AnalyticsJob.kafkaSources(analytics, TOPICS),
                AnalyticsJob.clickHouseSinks(sinkOptions, analytics.keyedHash()), analytics);
        TwilioSettings twilioSettings = TwilioSettings.of(twilio.accountSid(), twilio.authToken())
                .withApiBaseUrl(URI.create(twilio.baseUrl()));
        FirstSliceJob.build(env, FirstSliceJob.kafkaSource(bootstrap, TOPICS.purchases()),
                FirstSliceJob.kafkaSource(bootstrap, TOPICS.outbox()),
                new ClickHouseSink<>(sinkOptions, new PurchaseRows("nudge.purchases")),
                new TwilioTextSink(twilioSettings, "+15005550006"));
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

    private static SequenceDefinition definition() {
        String yaml = """
                id: %s
                version: 1
                status: LIVE
                brandId: %s
                priority: 50
                subject: coffee
                trigger: {type: CHECKOUT, categories: [coffee]}
                steps:
                  - delay: {after: P1D}
                    offer: COMPLEMENT
                    templates:
                      en-US: "Hi {firstName}, many customers brew it with {productName} ({price}): {link}"
                  - delay: {after: P2D}
                    offer: ADD_ON
                    templates:
                      en-US: "One more idea, {firstName}: {productName} ({price}) keeps beans fresh: {link}"
                exits: [OFFERED_ITEM_PURCHASE, REPLY]
                reentry: {policy: AFTER_COMPLETION}
                holdoutPercent: 50
                attributionWindow: P3D
                onNewVersion: FINISH_ON_OLD
                defaultLocale: en-US
                """.formatted(SEQUENCE, BRAND);
        DefinitionParseResult parsed = DefinitionParser.parse(yaml);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalStateException("the test's sequence is invalid: " + parsed);
        }
        return new SequenceDefinition(SEQUENCE, 1, BRAND, SUNDAY, DefinitionParser.toJson(accepted.definition()));
    }

    /** Receipts first, and only once analytics has read them do the purchases that they should be credited with follow. */
    private void publishEngagements(List<EngagementEvent> engagements) {
        engagements.forEach(engagement -> kafka.send(TOPICS.engagements(), engagement.getCustomerId(), engagement));
        awaitConsumed(ANALYTICS_GROUP, TOPICS.engagements());
        awaitConsumed(SEQUENCER_GROUP, TOPICS.engagements());
    }

    /** What the webhook service publishes when Twilio reports the text delivered; group 4's phones never report. */
    private static Optional<EngagementEvent> receipt(SmsIntent text) {
        if (index(text.getCustomerId()) % 6 == 4) {
            return Optional.empty();
        }
        return Optional.of(engagement(text, EngagementType.DELIVERED, text.getCreatedAt().plus(DELIVERY)));
    }

    private static EngagementEvent engagement(SmsIntent text, EngagementType type, Instant at) {
        return EngagementEvent.newBuilder()
                .setEventId(text.getIntentId() + ":" + type).setTenant(text.getTenant())
                .setCustomerId(text.getCustomerId()).setEventTime(at).setType(type)
                .setMessageId(text.getIntentId()).setSequenceId(text.getSequenceId())
                .setSequenceVersion(text.getSequenceVersion()).setStep(text.getStep()).setVariant(text.getVariant())
                .setReplyText(type == EngagementType.OPTED_OUT ? "STOP" : null)
                .build();
    }

    private static CustomerEvent signUp(int i) {
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":sign-up").setTenant(TENANT).setCustomerId(id(i)).setEventTime(SUNDAY)
                .setType(CustomerEventType.SIGN_UP).setPhoneE164(String.format("+1212555%04d", 1000 + i))
                .setTimeZone(NEW_YORK.getId()).setLocale("en-US").setFirstName("Customer" + i).build();
    }

    private static CustomerEvent consent(int i) {
        Instant at = SUNDAY.plusSeconds(1);
        return CustomerEvent.newBuilder()
                .setEventId(id(i) + ":consent").setTenant(TENANT).setCustomerId(id(i)).setEventTime(at)
                .setType(CustomerEventType.CONSENT_GRANTED)
                .setConsent(new ConsentChange("checkout_form", "form-17", at)).build();
    }

    private static PurchaseEvent purchase(int i, String what, Instant at, LineItem... lines) {
        String orderId = id(i) + "-" + what;
        return PurchaseEvent.newBuilder()
                .setEventId(orderId).setTenant(TENANT).setCustomerId(id(i)).setEventTime(at).setOrderId(orderId)
                .setLines(List.of(lines)).setTotalMinor(Stream.of(lines).mapToLong(LineItem::getUnitPriceMinor).sum())
                .setCurrency("USD").setChannel(SalesChannel.ONLINE).build();
    }

    private static LineItem line(String sku, String category, long priceMinor) {
        return new LineItem(sku, sku, category, 1, priceMinor, "USD");
    }

    private static CatalogUpdate item(String sku, String category, long priceMinor, List<String> complements,
                                      List<String> addOns) {
        return CatalogUpdate.newBuilder()
                .setEventId("catalog-" + sku).setTenant(new Tenant(BRAND, null)).setEventTime(SUNDAY)
                .setSku(sku).setName(sku.replace('-', ' ')).setCategory(category).setPriceMinor(priceMinor)
                .setCurrency("USD").setStock(1000).setActive(true).setUrl("https://shop.example/p/" + sku)
                .setComplements(complements).setAddOns(addOns).setReplenishmentDays(null).build();
    }

    /** Moves the sequencer's event time on: a browse by a customer who takes part in nothing. */
    private void tick(Instant at) {
        kafka.send(TOPICS.browse(), "clock", BrowseEvent.newBuilder().setEventId("clock-" + at.toEpochMilli())
                .setTenant(TENANT).setCustomerId("clock").setEventTime(at).setAction(BrowseAction.SEARCH).build());
    }

    private static Instant checkoutAt(int i) {
        return local(2, 14, 0).plus(Duration.ofMinutes(i));
    }

    /** A local time in New York, in the first week of March 2026 (Monday is the 2nd). */
    private static Instant local(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 3, day, hour, minute, 0, 0, NEW_YORK).toInstant();
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
        awaitTrue(() -> scalar(sql) == wanted, Instant.now().plus(TopicClient.DEADLINE), sql + " = " + wanted);
    }

    private static void awaitTrue(Supplier<Boolean> condition, Instant deadline, String what) {
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private long scalar(String sql) {
        return Long.parseLong(clickHouse.query(sql + " FORMAT TabSeparated").trim());
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
    }

    private static String queryFile(String name) {
        try {
            return Files.readString(ROOT.resolve("sql/queries").resolve(name));
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
