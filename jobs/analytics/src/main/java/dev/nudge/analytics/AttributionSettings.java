package dev.nudge.analytics;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How purchases are attributed.
 *
 * @param defaultWindow     a purchase this long after a delivered or clicked text (or a hold-out) counts for it;
 *                          default 3 days, the sequences' own default
 * @param windowBySequence  per-sequence windows that override both the default and the sequence definitions'
 *                          {@code attributionWindow} (sequenceId to window); normally empty
 * @param allowedLateness   how far behind event time a purchase may arrive and still be attributed; state is kept
 *                          this much longer than the window. Default 1 day
 * @param textRetention     how long a sent text is remembered waiting for its delivery receipt; default 7 days
 */
public record AttributionSettings(Duration defaultWindow, Map<String, Duration> windowBySequence,
                                  Duration allowedLateness, Duration textRetention) implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(3);
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofDays(1);
    public static final Duration DEFAULT_TEXT_RETENTION = Duration.ofDays(7);

    public AttributionSettings {
        Objects.requireNonNull(defaultWindow, "defaultWindow");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(textRetention, "textRetention");
        windowBySequence = Map.copyOf(windowBySequence);
        if (defaultWindow.isNegative() || defaultWindow.isZero()) {
            throw new IllegalArgumentException("defaultWindow must be positive, got " + defaultWindow);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowedLateness must not be negative, got " + allowedLateness);
        }
    }

    public static AttributionSettings defaults() {
        return new AttributionSettings(DEFAULT_WINDOW, Map.of(), DEFAULT_ALLOWED_LATENESS, DEFAULT_TEXT_RETENTION);
    }

    public AttributionSettings withWindow(String sequenceId, Duration window) {
        java.util.HashMap<String, Duration> windows = new java.util.HashMap<>(windowBySequence);
        windows.put(sequenceId, window);
        return new AttributionSettings(defaultWindow, windows, allowedLateness, textRetention);
    }

    public AttributionSettings withAllowedLateness(Duration lateness) {
        return new AttributionSettings(defaultWindow, windowBySequence, lateness, textRetention);
    }

    /** The window of a sequence: an override here, else what its definition says, else the default. */
    public long windowMillis(String sequenceId, Duration defined) {
        Duration override = windowBySequence.get(sequenceId);
        return (override != null ? override : defined != null ? defined : defaultWindow).toMillis();
    }
}
