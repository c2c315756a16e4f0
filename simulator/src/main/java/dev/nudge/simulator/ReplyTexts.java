package dev.nudge.simulator;

import java.util.List;

/**
 * What simulated customers text back, grouped by what they mean. Every text reads unambiguously under the
 * engine's reply classifier rules (a keyword alone, a revocation phrase, a clear no, a question, a thank-you).
 */
final class ReplyTexts {

    /** Half of all opt-outs are the bare keyword; the rest say it in their own words. */
    static final String STOP = "STOP";
    static final List<String> REVOCATIONS = List.of("Stop", "stop please", "Please stop texting me",
            "Unsubscribe", "Take me off your list", "No more texts please");
    static final List<String> QUESTIONS = List.of("Does this come in decaf?", "How long does shipping take?",
            "Is this in stock at the downtown store?", "Can I pick it up in store?", "When does the offer end?");
    static final List<String> POSITIVE = List.of("Sounds good, thanks!", "Love it 👍", "Thanks, just ordered!",
            "Perfect, thank you");
    static final List<String> NEGATIVE = List.of("No thanks", "Not interested right now", "Too expensive for me",
            "Not for me, thanks");

    private ReplyTexts() {
    }
}
