package dev.nudge.sequencer;

import dev.nudge.domain.engine.CustomerInput;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.engine.Outcome;
import dev.nudge.domain.engine.Situation;
import java.time.Duration;

/** The real sequencer, with an engine that changes the state and then fails on any order numbered {@link #ORDER}. */
final class FailingOrderSequencer extends CustomerSequencer {

    static final String ORDER = "o-poison";

    FailingOrderSequencer(EngineSettings engineSettings, TimeMode timeMode, Duration inputLag) {
        super(engineSettings, timeMode, inputLag);
    }

    @Override
    Outcome decide(CustomerState state, CustomerInput input, Situation situation, boolean holdSteps) {
        if (input instanceof CustomerInput.PurchaseMade made && made.purchase().orderId().equals(ORDER)) {
            state.firstName = "half-changed";
            state.phone = null;
            throw new IllegalStateException("injected failure for order " + ORDER);
        }
        return super.decide(state, input, situation, holdSteps);
    }
}
