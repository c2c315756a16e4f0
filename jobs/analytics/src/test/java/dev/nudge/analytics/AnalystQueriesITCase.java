package dev.nudge.analytics;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every analyst query on a real ClickHouse 18.16 over the known facts of {@link Scenario}, figure by figure; then
 * every batch is inserted a second time (an at-least-once retry) and no figure may move.
 */
class AnalystQueriesITCase {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql")));

    private static final String B = "demo-roasters";

    /** Worked out by hand from the scenario's story; tab-separated with a header row, as ClickHouse prints it. */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
            "01_funnel", List.of(
                    "brand_id\tsequence_id\tstep\tsent\tdelivered\tclicked\treplied\topted_out\tconverted",
                    B + "\tcoffee\t0\t5\t4\t1\t1\t1\t1",
                    B + "\tcoffee\t1\t2\t2\t0\t0\t0\t1"),
            "02_conversion_by_text", List.of(
                    "brand_id\tsequence_id\tstep\tvariant\tsent\tconversions\toffered_item_conversions\tconversion_rate"
                            + "\trevenue_minor\toffered_revenue_minor\trevenue_per_text_minor",
                    B + "\tcoffee\t0\tA\t3\t0\t0\t0\t0\t0\t0",
                    B + "\tcoffee\t0\tB\t2\t1\t0\t0.5\t900\t0\t450",
                    B + "\tcoffee\t1\tA\t1\t1\t1\t1\t2400\t1500\t2400",
                    B + "\tcoffee\t1\tB\t1\t0\t0\t0\t0\t0\t0"),
            // p1 = 2/5, p0 = 1/2, se = sqrt(0.4*0.6/5 + 0.5*0.5/2) = 0.41593; lift -0.1 +- 1.96 se
            "03_holdout_lift", List.of(
                    "brand_id\tsequence_id\ttreated\ttreated_converted\ttreated_rate\theld_out\theld_out_converted"
                            + "\theld_out_rate\tlift\tlift_ci_low\tlift_ci_high",
                    B + "\tcoffee\t5\t2\t0.4\t2\t1\t0.5\t-0.1\t-0.9152\t0.7152"),
            "04_fatigue_curve", List.of(
                    "texts_in_last_7_days\ttexts\topt_outs\topt_out_rate",
                    "1\t5\t1\t0.2",
                    "2\t2\t0\t0"),
            "05_conversion_by_step_delay", List.of(
                    "sequence_id\tdelay_days\ttexts\tconverted\tconversion_rate",
                    "coffee\t2\t1\t1\t1",
                    "coffee\t3\t1\t0\t0"),
            "06_not_sent_reasons", List.of(
                    "brand_id\tsequence_id\toutcome\treason\tdecisions\tcustomers",
                    B + "\tcoffee\tDEFERRED\tDAILY_CAP\t1\t1",
                    B + "\tcoffee\tHELD_OUT\tHOLDOUT\t2\t2",
                    B + "\tcoffee\tSKIPPED\tNO_CONSENT\t1\t1",
                    B + "\tcoffee\tSKIPPED\tQUIET_HOURS\t1\t1"),
            "07_daily_sequence_stats", List.of(
                    "day\tbrand_id\tsequence_id\tstep\tsent\tdelivered\tclicked\treplied\topted_out\tconversions\trevenue_minor",
                    "2026-03-02\t" + B + "\tcoffee\t0\t5\t4\t1\t1\t1\t0\t0",
                    "2026-03-03\t" + B + "\tcoffee\t0\t0\t0\t0\t0\t0\t1\t900",
                    "2026-03-04\t" + B + "\tcoffee\t1\t1\t1\t0\t0\t0\t1\t2400",
                    "2026-03-05\t" + B + "\tcoffee\t1\t1\t1\t0\t0\t0\t0\t0")));

    @Test
    void everyQueryGivesTheKnownFiguresAndARetriedInsertChangesNone() throws Exception {
        Scenario scenario = new Scenario();
        assertThat(scenario.conversions).extracting(c -> c.conversionId).containsExactlyInAnyOrder(
                B + ":o-2:text", B + ":o-6:holdout:coffee", B + ":o-1:text");
        assertThat(AnalystQueries.all().keySet()).containsExactlyElementsOf(EXPECTED.keySet());

        FactsLoader.load(CLICKHOUSE.server(), scenario);
        assertEveryQuery("after one insert");

        FactsLoader.load(CLICKHOUSE.server(), scenario);
        assertThat(count("SELECT count() FROM nudge.messages")).as("the retry really wrote rows twice").isEqualTo(14);
        assertEveryQuery("after every batch was inserted twice");
    }

    @Test
    void everyQueryStartsWithAHeaderSayingWhatItAnswers() {
        AnalystQueries.all().forEach((name, sql) ->
                assertThat(sql.lines().findFirst().orElse("")).as(name).startsWith("-- ").hasSizeGreaterThan(30));
    }

    private static void assertEveryQuery(String when) {
        EXPECTED.forEach((name, rows) -> assertThat(
                CLICKHOUSE.server().query(AnalystQueries.get(name) + "\nFORMAT TSVWithNames").lines().toList())
                .as(name + " " + when).containsExactlyElementsOf(rows));
    }

    private static long count(String sql) {
        return Long.parseLong(CLICKHOUSE.server().query(sql).trim());
    }
}
