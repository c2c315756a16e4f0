package dev.nudge.replay;

import dev.nudge.events.DecisionOutcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messy sample through the real sequencer and the coffee sequence, end to end. The figures were checked by hand
 * against the sample where noted; the rest pin the engine's current rules so that a change to them shows up here.
 */
class ReplayITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root"));

    private static ReplayReport replay(Path out) throws Exception {
        return ReplayCommand.parse(
                "--input", "src/test/resources/messy-orders.csv",
                "--definition", ROOT.resolve("sequences/coffee-checkout-addon.yaml").toString(),
                "--categories", "src/test/resources/messy-categories.txt",
                "--out", out.toString()).replay();
    }

    @Test
    void replaysTheMessySampleThroughTheCoffeeSequence() throws Exception {
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "replay-" + System.nanoTime());

        ReplayReport report = replay(out);

        assertThat(report.texts()).hasSize(48);
        assertThat(report.customersTexted()).isEqualTo(25);
        assertThat(report.decisions(DecisionOutcome.ENTERED, "TRIGGERED")).isEqualTo(25);
        assertThat(report.decisions(DecisionOutcome.HELD_OUT, "HOLDOUT")).isEqualTo(3);
        assertThat(report.decisions(DecisionOutcome.SENT, "STEP_DUE")).isEqualTo(48);
        assertThat(report.decisions(DecisionOutcome.COMPLETED, "LAST_STEP")).isEqualTo(23);
        assertThat(report.decisions(DecisionOutcome.EXITED)).isEqualTo(2);
        assertThat(report.decisions(DecisionOutcome.EXITED, "PURCHASED_OFFER")).isEqualTo(2);
        assertThat(report.decisions(DecisionOutcome.DEFERRED, "DAILY_CAP")).isEqualTo(16);
        assertThat(report.decisions(DecisionOutcome.DEFERRED, "QUIET_HOURS")).isEqualTo(4);
        assertThat(report.decisions(DecisionOutcome.SKIPPED, "REENTRY_COOLDOWN")).isEqualTo(15);
        assertThat(report.decisions(DecisionOutcome.SKIPPED, "ALREADY_ACTIVE")).isEqualTo(3);
        assertThat(report.textsFollowedByPurchase()).isEqualTo(15);
        assertThat(report.textsFollowedByOfferPurchase()).isEqualTo(4);
        assertThat(report.intentionToTreat().treated()).isEqualTo(25);
        assertThat(report.intentionToTreat().heldOut()).isEqualTo(3);
        System.out.println(report.intentionToTreat().describe());
        assertThat(report.deadLetters()).isZero();
        // Every entry ends: completed, or exited by buying the offer.
        assertThat(report.decisions(DecisionOutcome.COMPLETED) + report.decisions(DecisionOutcome.EXITED))
                .isEqualTo(report.decisions(DecisionOutcome.ENTERED));
        // No text in quiet hours (08:00-21:00 in London).
        assertThat(report.texts()).allSatisfy(sent -> assertThat(
                sent.text().getCreatedAt().atZone(java.time.ZoneId.of("Europe/London")).getHour()).isBetween(8, 20));

        // Checked by hand: 12026 bought coffee on 3 Dec 16:58, got the first text 5 Dec 16:58 offering the chocolate
        // that often goes with it, bought it at 20:07 and so left the sequence.
        ReplayReport.SentText first = report.texts().stream()
                .filter(sent -> sent.text().getCustomerId().equals("12026")).findFirst().orElseThrow();
        assertThat(first.text().getCreatedAt()).isEqualTo(java.time.Instant.parse("2010-12-05T16:58:00Z"));
        assertThat(first.text().getOfferSku()).isEqualTo("CHO01");
        assertThat(first.boughtOffer()).isTrue();
        assertThat(report.texts().stream().filter(sent -> sent.text().getCustomerId().equals("12026"))).hasSize(1);

        List<String> csv = Files.readAllLines(out.resolve("texts.csv"));
        assertThat(csv).hasSize(1 + 48);
        assertThat(csv.get(1)).startsWith("2010-12-03T20:18:00Z,2010-12-03T20:18,12029,+15550000001,coffee-checkout-addon,0,CHO01,210,GBP,true,false,\"Hi, hope");
        assertThat(Files.readString(out.resolve("report.txt"))).isEqualTo(report.summary())
                .contains("Would have sent 48 texts to 25 customers")
                .contains("skipped MISSING_CUSTOMER_ID          29");
    }

    /** The same orders as an Avro file: the same texts, which also shows a replay is repeatable. */
    @Test
    void theSameOrdersFromAnAvroFileGiveTheSameTexts() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path avro = tmp.resolve("messy-orders-" + System.nanoTime() + ".avro");
        AvroOrders.write(avro, OrderCsvReaderTest.messyOrders().orders());

        ReplayReport fromCsv = replay(tmp.resolve("replay-csv-" + System.nanoTime()));
        ReplayReport fromAvro = ReplayCommand.parse(
                "--input", avro.toString(),
                "--definition", ROOT.resolve("sequences/coffee-checkout-addon.yaml").toString(),
                "--categories", "src/test/resources/messy-categories.txt",
                "--out", tmp.resolve("replay-avro-" + System.nanoTime()).toString()).replay();

        assertThat(fromAvro.texts()).isEqualTo(fromCsv.texts()).hasSize(48);
        assertThat(fromAvro.summary()).startsWith("Input: 89 orders of 36 customers\n")
                .endsWith(fromCsv.summary().substring(fromCsv.summary().indexOf("Would have sent")));
    }
}
