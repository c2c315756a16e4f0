package dev.nudge.cli;

import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.Delay;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.simulator.ResponseParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nudge tune} finds the delay the simulator's response model makes best, without being told it.
 *
 * <p>3,000 customers (and 333 held out) check out and get step 0 two days later (the sequence says P2D), with variant A or B. Like the
 * simulated shoppers, some bought again in between: a third a day before the text, a sixth half a day before. Whether
 * a text converts is drawn (seeded) with the model's own factors: {@link ResponseParameters#delayFactor} of the time
 * since the customer's last purchase and {@link ResponseParameters#variantFactor}, on a base rate of 20%. The model's
 * best delay (1 day) and best variant (B) are known in advance; tune must recommend exactly that delay for step 0 and
 * retiring A, from what ClickHouse holds.
 */
class TuneFindsTheSimulatorsBestDelayITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root"));
    private static final Instant CHECKOUT = Instant.parse("2026-03-02T15:00:00Z");
    private static final Instant TEXT = CHECKOUT.plus(Duration.ofDays(2));
    private static final int CUSTOMERS = 3000;
    /** 10% of the entries, as holdoutPercent says. */
    private static final int HELD_OUT = 333;
    private static final double BASE_CONVERSION = 0.2;
    /** The tune test's sequence, as another brand's version 3. */
    private static final String DEFINITION = TuneAndPublishITCase.DEFINITION
            .replace("brandId: demo-roasters", "brandId: sim-roasters").replace("version: 1", "version: 3");

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), ROOT.resolve("sql")));

    @TempDir
    Path directory;

    @Test
    void tuneRecommendsTheModelsBestDelayAndVariant() throws Exception {
        ResponseParameters model = ResponseParameters.defaults();
        Random random = new Random(42);
        List<String> messages = new ArrayList<>();
        List<String> purchases = new ArrayList<>();
        List<String> conversions = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String customer = "h" + i;
            // Independent of who bought again (i % 6): the variant split is random with respect to it.
            String variant = (i / 6) % 2 == 0 ? "A" : "B";
            purchases.add(purchase("checkout-" + i, customer, CHECKOUT, 1800));
            Instant lastPurchase = CHECKOUT;
            if (i % 3 == 1) {
                lastPurchase = TEXT.minus(Duration.ofDays(1));
            } else if (i % 6 == 2) {
                lastPurchase = TEXT.minus(Duration.ofHours(12));
            }
            if (!lastPurchase.equals(CHECKOUT)) {
                purchases.add(purchase("again-" + i, customer, lastPurchase, 900));
            }
            messages.add(String.format("('m%d', 'sim-roasters', '%s', 'p', 'coffee', 3, 0, 't%d', '%s', 'kit', 2400, "
                    + "'USD', %s)", i, customer, i, variant, at(TEXT)));
            double p = Math.min(1, BASE_CONVERSION * model.delayFactor(Duration.between(lastPurchase, TEXT))
                    * model.variantFactor(variant));
            if (random.nextDouble() < p) {
                Instant bought = TEXT.plus(Duration.ofHours(6));
                purchases.add(purchase("kit-" + i, customer, bought, 2400));
                conversions.add(String.format("('c%d', 'sim-roasters', '%s', 0, 'm%d', '', 'coffee', 3, 0, '%s', "
                        + "'kit-%d', 2400, 1, 2400, 'USD', %s, %s)", i, customer, i, variant, i, at(TEXT), at(bought)));
            }
        }
        var server = CLICKHOUSE.server();
        server.execute("INSERT INTO nudge.decisions (decision_id, brand_id, customer_hash, decided_at, outcome, reason, "
                + "rule_version, sequence_id, sequence_version, step, trigger_id, intent_id) SELECT concat('d', "
                + "toString(number)), 'sim-roasters', concat('h', toString(number)), " + at(CHECKOUT) + ", "
                + "if(number < " + CUSTOMERS + ", 'ENTERED', 'HELD_OUT'), 'TRIGGERED', 'coffee@3', 'coffee', 3, -1, "
                + "concat('t', toString(number)), '' FROM numbers(" + (CUSTOMERS + HELD_OUT) + ")");
        server.execute("INSERT INTO nudge.messages (message_id, brand_id, customer_hash, phone_hash, sequence_id, "
                + "sequence_version, step, trigger_id, variant, offer_sku, offer_price_minor, currency, created_at) VALUES "
                + String.join(", ", messages));
        server.execute("INSERT INTO nudge.purchases (event_id, brand_id, location_id, customer_hash, order_id, "
                + "event_time, total_minor, currency, channel, line_count) VALUES " + String.join(", ", purchases));
        server.execute("INSERT INTO nudge.conversions (conversion_id, brand_id, customer_hash, holdout, message_id, "
                + "decision_id, sequence_id, sequence_version, step, variant, order_id, revenue_minor, offered_item, "
                + "offered_revenue_minor, currency, touched_at, attributed_at) VALUES " + String.join(", ", conversions));
        server.execute("INSERT INTO nudge.sequence_versions (brand_id, sequence_id, version, published_at, "
                + "holdout_percent, attribution_window_seconds, document) VALUES ('sim-roasters', 'coffee', 3, "
                + at(CHECKOUT.minus(Duration.ofDays(1))) + ", 10, 259200, '')");
        Path live = Files.writeString(directory.resolve("coffee.yaml"), DEFINITION);
        Path next = directory.resolve("coffee-v4.yaml");

        TuneAndPublishITCase.Result result = TuneAndPublishITCase.run("tune", "--brand", "sim-roasters", "--sequence",
                "coffee", "--definition", live.toString(), "--clickhouse-url", server.httpUrl(), "--from",
                "2026-03-01", "--to", "2026-04-01", "--queries", ROOT.resolve("sql/queries").toString(), "--out",
                next.toString());

        assertThat(result.code()).as(result.err()).isZero();
        System.out.println(result.out());
        String bestDelay = NextVersion.iso(model.bestDelay());
        assertThat(result.out()).contains("- shorten step 0's delay from P2D to " + bestDelay + ":")
                .contains("- retire step 0 variant A");
        SequenceDefinition tuned = ((DefinitionParseResult.Accepted) DefinitionParser.parse(Files.readString(next)))
                .definition();
        assertThat(tuned.step(0).delay()).isEqualTo(Delay.after(model.bestDelay()));
    }

    private static String purchase(String orderId, String customer, Instant at, long totalMinor) {
        return String.format("('%s', 'sim-roasters', '', '%s', '%s', %s, %d, 'USD', 'ONLINE', 1)", orderId, customer,
                orderId, at(at), totalMinor);
    }

    private static String at(Instant instant) {
        return "toDateTime(" + instant.getEpochSecond() + ")";
    }
}
