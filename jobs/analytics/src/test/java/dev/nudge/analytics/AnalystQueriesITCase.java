package dev.nudge.analytics;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.clickhouse.QueryParameters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every analyst query on a real ClickHouse 18.16 over the known facts of {@link Scenario}, for its brand and March
 * 2026, figure by figure; then every batch is inserted a second time (an at-least-once retry) and no figure may move.
 * The intervals are worked out with {@link ReferenceStatistics} from the scenario's counts.
 */
class AnalystQueriesITCase {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql")));

    private static final String B = Events.BRAND;
    private static final String EMPTY = "";

    /** Worked out by hand from the scenario's story; tab-separated with a header row, as ClickHouse prints it. */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("01_funnel", List.of(
                    "brand_id\tsequence_id\tstep\tsent\tdelivered\tclicked\treplied\topted_out\tconverted",
                    B + "\tcoffee\t0\t5\t4\t1\t1\t1\t2",
                    B + "\tcoffee\t1\t2\t2\t0\t0\t0\t1")),
            // c2's beans in dollars and c5's in euros are two rows of step 0 variant B, never one sum.
            Map.entry("02_conversion_by_text", List.of(
                    "brand_id\tsequence_id\tstep\tvariant\tcurrency\tsent\tconversions\toffered_item_conversions"
                            + "\tconversion_rate\trevenue_minor\toffered_revenue_minor\trevenue_per_text_minor",
                    B + "\tcoffee\t0\tA\t" + EMPTY + "\t3\t0\t0\t0\t0\t0\t0",
                    B + "\tcoffee\t0\tB\tEUR\t2\t1\t0\t0.5\t800\t0\t400",
                    B + "\tcoffee\t0\tB\tUSD\t2\t1\t0\t0.5\t900\t0\t450",
                    B + "\tcoffee\t1\tA\tUSD\t1\t1\t1\t1\t2400\t1500\t2400",
                    B + "\tcoffee\t1\tB\t" + EMPTY + "\t1\t0\t0\t0\t0\t0\t0")),
            // The other brand's texts (n1 opted out of its step 1) count for neither curve.
            Map.entry("04_fatigue_curve", List.of(
                    "brand_id\ttexts_in_last_7_days\ttexts\topt_outs\topt_out_rate",
                    B + "\t1\t5\t1\t0.2",
                    B + "\t2\t2\t0\t0")),
            Map.entry("05_conversion_by_step_delay", List.of(
                    "brand_id\tsequence_id\tstep\tdelay_days\ttexts\tconverted\tconversion_rate",
                    B + "\tcoffee\t1\t2\t1\t1\t1",
                    B + "\tcoffee\t1\t3\t1\t0\t0")),
            Map.entry("06_not_sent_reasons", List.of(
                    "brand_id\tsequence_id\toutcome\treason\tdecisions\tcustomers",
                    B + "\tcoffee\tDEFERRED\tDAILY_CAP\t1\t1",
                    B + "\tcoffee\tHELD_OUT\tHOLDOUT\t2\t2",
                    B + "\tcoffee\tSKIPPED\tNO_CONSENT\t1\t1",
                    B + "\tcoffee\tSKIPPED\tQUIET_HOURS\t1\t1")),
            Map.entry("07_daily_sequence_stats", List.of(
                    "day\tbrand_id\tsequence_id\tstep\tcurrency\tsent\tdelivered\tclicked\treplied\topted_out"
                            + "\tconversions\trevenue_minor",
                    "2026-03-02\t" + B + "\tcoffee\t0\t" + EMPTY + "\t5\t4\t1\t1\t1\t0\t0",
                    "2026-03-03\t" + B + "\tcoffee\t0\tUSD\t0\t0\t0\t0\t0\t1\t900",
                    "2026-03-04\t" + B + "\tcoffee\t0\tEUR\t0\t0\t0\t0\t0\t1\t800",
                    "2026-03-04\t" + B + "\tcoffee\t1\tUSD\t1\t1\t0\t0\t0\t1\t2400",
                    "2026-03-05\t" + B + "\tcoffee\t1\t" + EMPTY + "\t1\t1\t0\t0\t0\t0\t0")),
            // Hours from the text to the purchase: c2 24 and c5 48 after step 0 (B), c1 2 after step 1 (A).
            Map.entry("09_time_to_convert", List.of(
                    "brand_id\tsequence_id\tstep\tvariant\tconversions\tmedian_hours\tp90_hours\tmean_hours",
                    B + "\tcoffee\t0\tB\t2\t48\t48\t36",
                    B + "\tcoffee\t1\tA\t1\t2\t2\t2")),
            Map.entry("10_revenue_per_recipient", List.of(
                    "brand_id\tsequence_id\tstep\tvariant\tcurrency\trecipients\tconversions\trevenue_minor"
                            + "\trevenue_per_recipient_minor",
                    B + "\tcoffee\t0\tA\t" + EMPTY + "\t3\t0\t0\t0",
                    B + "\tcoffee\t0\tB\tEUR\t2\t1\t800\t400",
                    B + "\tcoffee\t0\tB\tUSD\t2\t1\t900\t450",
                    B + "\tcoffee\t1\tA\tUSD\t1\t1\t2400\t2400",
                    B + "\tcoffee\t1\tB\t" + EMPTY + "\t1\t0\t0\t0")),
            // 15:00 UTC on 2 March 2026 is 10:00 on a Monday in New York; steps 1 went out on Wednesday and Thursday.
            Map.entry("11_send_hour_heatmap", List.of(
                    "brand_id\tlocal_weekday\tlocal_hour\ttexts\tconversions\tconversion_rate",
                    B + "\t1\t10\t5\t2\t0.4",
                    B + "\t3\t10\t1\t1\t1",
                    B + "\t4\t10\t1\t0\t0"))));

    @Test
    void everyQueryGivesTheKnownFiguresAndARetriedInsertChangesNone() throws Exception {
        Scenario scenario = new Scenario();
        assertThat(scenario.conversions).extracting(c -> c.conversionId).containsExactlyInAnyOrder(
                B + ":o-2:text", B + ":o-6:holdout:coffee", B + ":o-1:text", B + ":o-5:text",
                Scenario.OTHER_BRAND + ":n-o-1:text");
        assertThat(AnalystQueries.all().keySet()).containsAll(EXPECTED.keySet())
                .contains("03_holdout_lift", "08_opt_out_rate");

        FactsLoader.load(CLICKHOUSE.server(), scenario);
        assertNoCustomerIdInClear(scenario);
        assertEveryQuery("after one insert");

        FactsLoader.load(CLICKHOUSE.server(), scenario);
        assertThat(count("SELECT count() FROM nudge.messages")).as("the retry really wrote rows twice").isEqualTo(18);
        assertEveryQuery("after every batch was inserted twice");
    }

    @Test
    void everyQueryStartsWithAHeaderSayingWhatItAnswersAndTakesABrandAndADateRange() {
        AnalystQueries.all().forEach((name, sql) -> {
            assertThat(sql.lines().findFirst().orElse("")).as(name).startsWith("-- ").hasSizeGreaterThan(30);
            assertThat(QueryParameters.names(sql)).as(name)
                    .containsExactlyInAnyOrder("brand", "from", "to");
        });
    }

    /**
     * A brand that entered customers without a hold-out gets no lift, in words; one whose split is far from its
     * holdoutPercent gets the sample-ratio flag; without the version's holdoutPercent there is no check.
     */
    @Test
    void noHoldOutMeansNoLiftAndABrokenSplitIsFlagged() {
        var server = CLICKHOUSE.server();
        Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql"));
        // "no-holdout": 40 entered, none held out, holdoutPercent 0. "broken-split": 100 entries, 50 held out, but
        // the version says 10%: 10 expected, 50 seen.
        server.execute(entries("no-holdout", 40, 0));
        server.execute(version("no-holdout", 0));
        server.execute(entries("broken-split", 100, 50));
        server.execute(version("broken-split", 10));
        // "unknown-version": the same split, but no version in nudge.sequence_versions to check it against.
        server.execute(entries("unknown-version", 100, 50));

        Map<String, Object> none = server.queryJsonEachRow(AnalystQueries.bound("03_holdout_lift",
                Map.of("brand", "no-holdout", "from", "2026-03-01", "to", "2026-04-01"))).get(0);
        assertThat(none.get("treated").toString()).isEqualTo("40");
        assertThat(none.get("held_out").toString()).isEqualTo("0");
        assertThat(Arrays.asList(none.get("lift"), none.get("lift_ci_low"), none.get("lift_ci_high"),
                none.get("revenue_lift_ci_low"))).as("no number, not a zero-width interval").containsOnlyNulls();
        assertThat(none.get("verdict")).isEqualTo("no hold-out: no lift can be measured");

        Map<String, Object> broken = server.queryJsonEachRow(AnalystQueries.bound("03_holdout_lift",
                Map.of("brand", "broken-split", "from", "2026-03-01", "to", "2026-04-01"))).get(0);
        assertThat(decimal(broken, "expected_held_out")).isEqualTo(10.0);
        assertThat(decimal(broken, "sample_ratio_p")).isLessThan(0.001);
        assertThat(broken.get("verdict")).isEqualTo(
                "sample ratio mismatch: the split is broken, the lift cannot be trusted");

        Map<String, Object> unknown = server.queryJsonEachRow(AnalystQueries.bound("03_holdout_lift",
                Map.of("brand", "unknown-version", "from", "2026-03-01", "to", "2026-04-01"))).get(0);
        assertThat(Arrays.asList(unknown.get("sample_ratio_p"), unknown.get("expected_held_out"))).containsOnlyNulls();
        assertThat(unknown.get("verdict")).isEqualTo("no significant difference from the hold-out (95%)");
    }

    /**
     * Purchases (and purchases kept aside as late) carry the keyed hash: no field of any of their rows is a customer
     * id, and an order id joined to the conversions leads to the same hash, never to an id.
     */
    private static void assertNoCustomerIdInClear(Scenario scenario) {
        var server = CLICKHOUSE.server();
        assertThat(server.query("SELECT name FROM system.columns WHERE database = 'nudge' AND name = 'customer_id' "
                + "FORMAT TSV")).as("a customer_id column anywhere").isEmpty();
        Set<String> ids = new HashSet<>();
        scenario.purchases.forEach(purchase -> ids.add(purchase.getCustomerId()));
        scenario.decisions.forEach(decision -> ids.add(decision.getCustomerId()));
        for (String table : List.of("purchases", "late_purchases")) {
            assertThat(server.query("SELECT * FROM nudge." + table + " FORMAT TSV").lines()
                    .flatMap(line -> Arrays.stream(line.split("\t")))).as(table).doesNotContainAnyElementsOf(ids);
        }
        Set<String> hashes = new HashSet<>();
        scenario.purchases.forEach(purchase -> hashes.add(FactsLoader.HASH.customer(
                purchase.getTenant().getBrandId(), purchase.getCustomerId())));
        assertThat(server.query("SELECT DISTINCT customer_hash FROM nudge.purchases ALL INNER JOIN "
                + "(SELECT order_id FROM nudge.conversions) USING order_id FORMAT TSV").lines())
                .isNotEmpty().isSubsetOf(hashes);
    }

    private static String entries(String brand, int count, int heldOut) {
        return "INSERT INTO nudge.decisions (decision_id, brand_id, customer_hash, decided_at, outcome, reason, "
                + "rule_version, sequence_id, sequence_version, step, trigger_id, intent_id) "
                + "SELECT concat('" + brand + "-', toString(number)), '" + brand + "', concat('h', toString(number)), "
                + "toDateTime('2026-03-02 12:00:00'), if(number < " + heldOut + ", 'HELD_OUT', 'ENTERED'), 'T', "
                + "'coffee@1', 'coffee', 1, -1, toString(number), '' FROM system.numbers LIMIT " + count;
    }

    private static String version(String brand, int holdoutPercent) {
        return "INSERT INTO nudge.sequence_versions (brand_id, sequence_id, version, published_at, holdout_percent, "
                + "attribution_window_seconds, document) VALUES ('" + brand + "', 'coffee', 1, "
                + "toDateTime('2026-03-01 00:00:00'), " + holdoutPercent + ", 259200, '{}')";
    }

    private static void assertEveryQuery(String when) {
        EXPECTED.forEach((name, rows) -> assertThat(CLICKHOUSE.server()
                .query(AnalystQueries.bound(name, AnalystQueries.MARCH) + "\nFORMAT TSVWithNames").lines().toList())
                .as(name + " " + when).containsExactlyElementsOf(rows));
        assertTheLift(when);
        assertTheOptOutRates(when);
    }

    /**
     * Intention to treat over the 3-day window from the entry, every purchase counting: c1, c2, c4 (whose text
     * failed) and c5 bought, 4 of 5; h1 bought, 1 of 2. Revenue per entered customer in dollars: treated 2400, 900,
     * 0, 2400, 0; held out 1000, 0. In euros: treated 0, 0, 0, 0, 800; held out 0, 0.
     */
    private static void assertTheLift(String when) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        CLICKHOUSE.server().queryJsonEachRow(AnalystQueries.bound("03_holdout_lift", AnalystQueries.MARCH))
                .forEach(row -> rows.put(row.get("step") + "/" + row.get("variant") + "/" + row.get("currency"), row));
        assertThat(rows.keySet()).as(when).containsExactlyInAnyOrder("-1//EUR", "-1//USD", "0/A/USD", "0/B/EUR",
                "0/B/USD", "1/A/USD", "1/B/EUR", "1/B/USD");

        Map<String, Object> dollars = rows.get("-1//USD");
        assertThat(List.of(dollars.get("treated"), dollars.get("treated_converted"), dollars.get("held_out"),
                dollars.get("held_out_converted"), dollars.get("comparison")).toString()).as(when)
                .isEqualTo("[5, 4, 2, 1, randomized]");
        assertThat(decimal(dollars, "lift")).isCloseTo(0.3, within(1e-9));
        assertThat(decimal(dollars, "relative_lift")).isCloseTo(0.6, within(1e-9));
        ReferenceStatistics.Interval lift = ReferenceStatistics.newcombe(4, 5, 1, 2);
        assertThat(decimal(dollars, "lift_ci_low")).isCloseTo(lift.low(), within(0.00006));
        assertThat(decimal(dollars, "lift_ci_high")).isCloseTo(lift.high(), within(0.00006));
        assertThat(decimal(dollars, "treated_revenue_per_customer_minor")).isEqualTo(1140.0);
        assertThat(decimal(dollars, "held_out_revenue_per_customer_minor")).isEqualTo(500.0);
        ReferenceStatistics.Interval revenue = ReferenceStatistics.welch(
                new double[] {2400, 900, 0, 2400, 0}, new double[] {1000, 0});
        assertThat(decimal(dollars, "revenue_lift_minor")).isEqualTo(640.0);
        assertThat(decimal(dollars, "revenue_lift_ci_low")).isCloseTo(revenue.low(), within(0.01));
        assertThat(decimal(dollars, "revenue_lift_ci_high")).isCloseTo(revenue.high(), within(0.01));
        // 7 entries at a 30% hold-out: 2.1 expected, 2 seen.
        assertThat(decimal(dollars, "expected_held_out")).isCloseTo(2.1, within(1e-9));
        assertThat(decimal(dollars, "sample_ratio_p")).isGreaterThan(0.9);
        assertThat(dollars.get("verdict")).isEqualTo("no significant difference from the hold-out (95%)");

        Map<String, Object> euros = rows.get("-1//EUR");
        assertThat(decimal(euros, "treated_revenue_per_customer_minor")).isEqualTo(160.0);
        assertThat(decimal(euros, "held_out_revenue_per_customer_minor")).isEqualTo(0.0);
        ReferenceStatistics.Interval euroRevenue = ReferenceStatistics.welch(
                new double[] {0, 0, 0, 0, 800}, new double[] {0, 0});
        assertThat(decimal(euros, "revenue_lift_ci_low")).isCloseTo(euroRevenue.low(), within(0.01));
        assertThat(decimal(euros, "revenue_lift_ci_high")).isCloseTo(euroRevenue.high(), within(0.01));

        // Step 0, variant A went to c1, c3 and c4, of whom c1 and c4 bought; against the whole hold-out.
        Map<String, Object> stepA = rows.get("0/A/USD");
        assertThat(List.of(stepA.get("treated"), stepA.get("treated_converted"), stepA.get("held_out"),
                stepA.get("held_out_converted")).toString()).isEqualTo("[3, 2, 2, 1]");
        assertThat(stepA.get("comparison")).isEqualTo("recipients of the text vs the hold-out");
        assertThat(stepA.get("sample_ratio_p")).isNull();
        ReferenceStatistics.Interval stepLift = ReferenceStatistics.newcombe(2, 3, 1, 2);
        assertThat(decimal(stepA, "lift_ci_low")).isCloseTo(stepLift.low(), within(0.00006));
        assertThat(decimal(stepA, "lift_ci_high")).isCloseTo(stepLift.high(), within(0.00006));
    }

    /** Step 0 variant A: 3 texts, c3 opted out. Every other step and variant: no opt-out. */
    private static void assertTheOptOutRates(String when) {
        List<Map<String, Object>> rows = CLICKHOUSE.server().queryJsonEachRow(
                AnalystQueries.bound("08_opt_out_rate", AnalystQueries.MARCH));
        assertThat(rows).extracting(row -> row.get("step") + "/" + row.get("variant") + ": " + row.get("opt_outs")
                + " of " + row.get("texts")).as(when).containsExactly("0/A: 1 of 3", "0/B: 0 of 2", "1/A: 0 of 1",
                "1/B: 0 of 1");
        ReferenceStatistics.Interval wilson = ReferenceStatistics.wilson(1, 3);
        assertThat(decimal(rows.get(0), "opt_out_rate_ci_low")).isCloseTo(wilson.low(), within(0.00006));
        assertThat(decimal(rows.get(0), "opt_out_rate_ci_high")).isCloseTo(wilson.high(), within(0.00006));
        assertThat(decimal(rows.get(1), "opt_out_rate_ci_low")).isZero();
    }

    private static double decimal(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number number ? number.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    private static long count(String sql) {
        return Long.parseLong(CLICKHOUSE.server().query(sql).trim());
    }
}
