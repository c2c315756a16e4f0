package dev.nudge.analytics;

import dev.nudge.events.Decision;
import dev.nudge.platform.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/** A decision as one row of nudge.decisions (sql/003_facts.sql); the customer only as its keyed hash. */
public final class DecisionRows extends HashedRows<Decision> {

    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of("decision_id", "brand_id", "customer_hash", "decided_at",
            "outcome", "reason", "rule_version", "sequence_id", "sequence_version", "step", "trigger_id", "intent_id");

    public DecisionRows(String table, KeyedHash hash) {
        super(table, COLUMNS, hash);
    }

    @Override
    public void bind(PreparedStatement statement, Decision decision) throws SQLException {
        String brand = decision.getTenant().getBrandId();
        statement.setString(1, decision.getDecisionId());
        statement.setString(2, brand);
        statement.setString(3, hash.customer(brand, decision.getCustomerId()));
        RowBinder.bindDateTime(statement, 4, decision.getDecidedAt());
        statement.setString(5, decision.getOutcome().name());
        statement.setString(6, decision.getReason());
        statement.setString(7, decision.getRuleVersion());
        statement.setString(8, Objects.requireNonNullElse(decision.getSequenceId(), ""));
        statement.setInt(9, Objects.requireNonNullElse(decision.getSequenceVersion(), 0));
        statement.setInt(10, Objects.requireNonNullElse(decision.getStep(), -1));
        statement.setString(11, Objects.requireNonNullElse(decision.getTriggerId(), ""));
        statement.setString(12, Objects.requireNonNullElse(decision.getIntentId(), ""));
    }
}
