package dev.nudge.analytics;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.events.VariantOutcome;
import dev.nudge.events.VariantResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The bandit's rules for one text, in plain Java: its one outcome is CONVERTED as soon as attribution credits it with
 * a conversion that holds the offered item (successes count early), OPTED_OUT when the customer opts out after it
 * first, and when its attribution window (from the last delivery or click, as attribution counts it) has closed,
 * allowed lateness included: CONVERTED without the offered item if it was credited with another purchase, else
 * NOT_CONVERTED. A text never delivered has no outcome. Early successes and late failures give unbiased
 * counts once every window has closed: each text counts exactly once, with its final result.
 */
final class VariantOutcomes implements Serializable {

    static final Set<EngagementType> MATTERS = EnumSet.of(EngagementType.DELIVERED, EngagementType.CLICKED,
            EngagementType.OPTED_OUT);

    private final AttributionSettings settings;

    VariantOutcomes(AttributionSettings settings) {
        this.settings = settings;
    }

    void onText(TextOutcome state, SmsIntent text, long windowMillis) {
        state.brandId = text.getTenant().getBrandId();
        state.messageId = text.getIntentId();
        state.sequenceId = text.getSequenceId();
        state.sequenceVersion = text.getSequenceVersion();
        state.step = text.getStep();
        state.variant = text.getVariant();
        state.createdAtMillis = text.getCreatedAt().toEpochMilli();
        state.windowMillis = windowMillis;
    }

    Optional<VariantOutcome> onEngagement(TextOutcome state, EngagementEvent engagement, long windowMillis) {
        state.brandId = engagement.getTenant().getBrandId();
        state.messageId = engagement.getMessageId();
        if (state.sequenceId == null && engagement.getSequenceId() != null && engagement.getVariant() != null) {
            state.sequenceId = engagement.getSequenceId();
            state.sequenceVersion = engagement.getSequenceVersion() == null ? 0 : engagement.getSequenceVersion();
            state.step = engagement.getStep() == null ? 0 : engagement.getStep();
            state.variant = engagement.getVariant();
            state.windowMillis = windowMillis;
        }
        long at = engagement.getEventTime().toEpochMilli();
        if (engagement.getType() == EngagementType.OPTED_OUT) {
            return state.touchedAtMillis > 0 ? decide(state, VariantResult.OPTED_OUT, at, null, null, null)
                    : Optional.empty();
        }
        state.touchedAtMillis = Math.max(state.touchedAtMillis, at);
        return Optional.empty();
    }

    Optional<VariantOutcome> onConversion(TextOutcome state, Conversion conversion) {
        state.brandId = conversion.brandId;
        state.messageId = conversion.messageId;
        if (state.sequenceId == null) {
            state.sequenceId = conversion.sequenceId;
            state.sequenceVersion = conversion.sequenceVersion;
            state.step = conversion.step;
            state.variant = conversion.variant;
        }
        state.touchedAtMillis = Math.max(state.touchedAtMillis, conversion.touchedAtMillis);
        if (conversion.offeredItem) {
            return decide(state, VariantResult.CONVERTED, conversion.attributedAtMillis, conversion.revenueMinor,
                    conversion.currency, true);
        }
        if (!state.converted) {
            state.converted = true;
            state.revenueMinor = conversion.revenueMinor;
            state.currency = conversion.currency;
        }
        return Optional.empty();
    }

    /** When the state can go: the window's close plus the allowed lateness, or, never delivered, the text's retention. */
    long expiresAtMillis(TextOutcome state) {
        long lateness = settings.allowedLateness().toMillis();
        if (state.touchedAtMillis > 0) {
            return state.touchedAtMillis + window(state) + lateness;
        }
        return Math.max(state.createdAtMillis, 0) + settings.textRetention().toMillis() + lateness;
    }

    /** Event time has passed the expiry: a delivered text without an outcome converted without its offer, or not at all. */
    Optional<VariantOutcome> expire(TextOutcome state) {
        if (state.touchedAtMillis == 0) {
            return Optional.empty();
        }
        long closedAt = state.touchedAtMillis + window(state);
        return state.converted
                ? decide(state, VariantResult.CONVERTED, closedAt, state.revenueMinor, state.currency, false)
                : decide(state, VariantResult.NOT_CONVERTED, closedAt, null, null, null);
    }

    /** The sequence's window as attribution uses it: the settings' override, else the definition's, else the default. */
    private long window(TextOutcome state) {
        return settings.windowMillis(state.sequenceId,
                state.windowMillis > 0 ? java.time.Duration.ofMillis(state.windowMillis) : null);
    }

    private static Optional<VariantOutcome> decide(TextOutcome state, VariantResult result, long atMillis,
                                                   Long revenueMinor, String currency, Boolean offeredItem) {
        if (state.decided || state.sequenceId == null) {
            return Optional.empty();
        }
        state.decided = true;
        return Optional.of(VariantOutcome.newBuilder()
                .setEventId(state.messageId + ":outcome")
                .setTenant(new Tenant(state.brandId, null))
                .setEventTime(Instant.ofEpochMilli(atMillis))
                .setMessageId(state.messageId)
                .setSequenceId(state.sequenceId)
                .setSequenceVersion(state.sequenceVersion)
                .setStep(state.step)
                .setVariant(state.variant)
                .setOutcome(result)
                .setRevenueMinor(revenueMinor)
                .setCurrency(currency)
                .setOfferedItem(offeredItem)
                .build());
    }
}
