package dev.nudge.dispatcher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.platform.kafka.SchemaHistory;
import org.junit.jupiter.api.Test;

class SendLedgerSchemaHistoryTest {

    /** The ledger is replayed from its first record after every restart: every version it was written with must stay readable. */
    @Test
    void theHistoryHoldsTheCurrentSchema() {
        assertThat(SchemaHistory.contains(SchemaHistory.of(SendLedgerEntry.class), SendLedgerEntry.getClassSchema()))
                .as("SendLedgerEntry's schema is missing from its history; append this line to "
                        + "jobs/dispatcher/src/main/resources/%s:%n%s",
                        SchemaHistory.resourceOf(SendLedgerEntry.class), SendLedgerEntry.getClassSchema())
                .isTrue();
    }
}
