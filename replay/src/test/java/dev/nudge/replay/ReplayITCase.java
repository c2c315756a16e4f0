package dev.nudge.replay;

import dev.nudge.events.DecisionOutcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root"));

    @Test
    void replaysTheMessySampleThroughTheCoffeeSequence() throws Exception {
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "replay-" + System.nanoTime());

        ReplayReport report = ReplayMain.replay(ReplayMain.options(
                "--input", "src/test/resources/messy-orders.csv",
                "--definition", ROOT.resolve("sequences/coffee-checkout-addon.yaml").toString(),
                "--categories", "src/test/resources/messy-categories.txt",
                "--out", out.toString()));
        System.out.println(report.summary());
        report.texts().forEach(t -> System.out.println(t.text().getCreatedAt() + " " + t.text().getCustomerId() + " s" + t.text().getStep() + " " + t.text().getOfferSku() + " " + t.followedByPurchase() + " " + t.boughtOffer()));
    }
}
