package dev.nudge.domain.policy;

/** Why a text could not go out when first wanted. Contact caps use all but {@link #QUIET_HOURS}. */
public enum DeferralReason {
    /** Outside the recipient's allowed local sending window. */
    QUIET_HOURS,
    /** Too soon after the previous text. */
    MIN_GAP,
    /** The rolling 24-hour cap is used up. */
    DAILY_CAP,
    /** The rolling 7-day cap is used up. */
    WEEKLY_CAP,
    /** The rolling 24-hour cap for texts about the same subject is used up. */
    SUBJECT_CAP
}
