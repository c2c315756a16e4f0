package dev.nudge.domain.text;

import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.ReplyIntent;
import java.util.Objects;

/**
 * The meaning of an inbound text and what gave it away: the canonical keyword for keywords ("STOP", "OPTOUT"),
 * else the matched phrase as written in lower case ("stop texting", "?", "👍"); null for OTHER.
 */
public record Classification(ReplyKind kind, String keyword) {

    public static final Classification OTHER = new Classification(ReplyKind.OTHER, null);

    public Classification {
        Objects.requireNonNull(kind, "kind");
    }

    /** How the engagement stream records this text: the keyword kinds as such, anything else as a reply. */
    public EngagementKind engagementKind() {
        return switch (kind) {
            case OPT_OUT -> EngagementKind.OPTED_OUT;
            case OPT_IN -> EngagementKind.OPTED_IN;
            case HELP -> EngagementKind.HELP;
            case QUESTION, POSITIVE, NEGATIVE, OTHER -> EngagementKind.REPLIED;
        };
    }

    /**
     * What the text means for a running sequence: an opt-out ends it like a "no", HELP waits for an answer like
     * a question, and START/YES read as a "yes".
     */
    public ReplyIntent intent() {
        return switch (kind) {
            case OPT_OUT, NEGATIVE -> ReplyIntent.NEGATIVE;
            case HELP, QUESTION -> ReplyIntent.QUESTION;
            case OPT_IN, POSITIVE -> ReplyIntent.POSITIVE;
            case OTHER -> ReplyIntent.OTHER;
        };
    }
}
