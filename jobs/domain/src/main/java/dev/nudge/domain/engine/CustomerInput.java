package dev.nudge.domain.engine;

import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.Purchase;
import java.time.Instant;

/** One thing that happened to a customer, or the engine's own wake-up call. */
public sealed interface CustomerInput {

    record PurchaseMade(Purchase purchase) implements CustomerInput {}

    record Browsed(BrowseSignal signal) implements CustomerInput {}

    record Changed(CustomerChange change) implements CustomerInput {}

    record Engaged(Engagement engagement) implements CustomerInput {}

    /** The timer the engine asked for, set for {@code timer}, came due (or fired late, after an outage). */
    record WakeUp(Instant timer) implements CustomerInput {}
}
