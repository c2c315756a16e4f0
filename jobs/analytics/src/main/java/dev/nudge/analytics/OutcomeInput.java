package dev.nudge.analytics;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.SmsIntent;

/** One text-keyed record on its way to the bandit's outcomes: exactly one field is set. A Flink POJO. */
public class OutcomeInput {
    public SmsIntent text;
    public EngagementEvent engagement;
    public Conversion conversion;

    public OutcomeInput() {}

    public static OutcomeInput of(SmsIntent text) {
        OutcomeInput input = new OutcomeInput();
        input.text = text;
        return input;
    }

    public static OutcomeInput of(EngagementEvent engagement) {
        OutcomeInput input = new OutcomeInput();
        input.engagement = engagement;
        return input;
    }

    public static OutcomeInput of(Conversion conversion) {
        OutcomeInput input = new OutcomeInput();
        input.conversion = conversion;
        return input;
    }

    /** Whether the outcome of a text can depend on it: texts, receipts, clicks and opt-outs of a text, text conversions. */
    public boolean concernsAText() {
        if (engagement != null) {
            return engagement.getMessageId() != null && VariantOutcomes.MATTERS.contains(engagement.getType());
        }
        return conversion == null || !conversion.holdout && !conversion.messageId.isEmpty();
    }

    /** {@code brand/messageId}. */
    public String textKey() {
        if (text != null) {
            return text.getTenant().getBrandId() + "/" + text.getIntentId();
        }
        if (engagement != null) {
            return engagement.getTenant().getBrandId() + "/" + engagement.getMessageId();
        }
        return conversion.brandId + "/" + conversion.messageId;
    }
}
