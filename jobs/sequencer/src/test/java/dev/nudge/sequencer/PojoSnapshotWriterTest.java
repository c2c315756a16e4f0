package dev.nudge.sequencer;

import dev.nudge.events.EngagementType;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.BrowseAction;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.nudge.sequencer.SequencerHarness.MONDAY_10_NY;
import static dev.nudge.sequencer.TestEvents.browse;
import static dev.nudge.sequencer.TestEvents.engagement;
import static dev.nudge.sequencer.TestEvents.purchase;

/** One-off: writes the operator snapshot of the POJO-serialized state that StateMigrationTest restores. */
class PojoSnapshotWriterTest {

    @Test
    void write() throws Exception {
        try (SequencerHarness sequencer = SequencerHarness.start(TimeMode.EVENT_TIME)) {
            sequencer.customerWithConsent("anna", "+12125550100", "America/New_York");
            sequencer.customerWithConsent("ben", "+12125550102", "America/New_York");
            sequencer.customerWithConsent("cara", "+12125550103", "America/Chicago");
            sequencer.event(purchase("anna", MONDAY_10_NY, "o-1", "coffee-beans", "coffee", 1800));
            sequencer.event(browse("anna", MONDAY_10_NY.plus(Duration.ofHours(1)), BrowseAction.VIEW, "pour-over-kit", "gear"));
            sequencer.event(engagement("anna", MONDAY_10_NY.plus(Duration.ofHours(2)), EngagementType.REPLIED,
                    ReplyIntent.QUESTION, "is the kit dishwasher safe?"));
            sequencer.event(purchase("ben", MONDAY_10_NY, "o-2", "coffee-beans", "coffee", 1800));
            sequencer.event(purchase("cara", MONDAY_10_NY, "o-3", "coffee-beans", "coffee", 1800));
            sequencer.event(purchase("cara", MONDAY_10_NY.plus(Duration.ofHours(3)), "o-4", "bean-canister", "gear", 1500));
            sequencer.advanceTo(MONDAY_10_NY.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
            System.out.println(sequencer.reasons("anna") + " " + sequencer.reasons("ben") + " " + sequencer.reasons("cara"));
            Path file = Path.of("src/test/resources/state/customer-state-pojo.snapshot");
            Files.createDirectories(file.getParent());
            OperatorSnapshotUtil.writeStateHandle(sequencer.snapshot(), file.toString());
        }
    }
}
