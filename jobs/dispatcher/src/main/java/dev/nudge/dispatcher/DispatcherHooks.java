package dev.nudge.dispatcher;

import dev.nudge.events.SmsIntent;

/** Points where tests step in; production uses {@link #NONE}. */
public interface DispatcherHooks {

    DispatcherHooks NONE = new DispatcherHooks() {
    };

    /** The intent is about to be claimed for a Twilio call: where a test stalls an instance. */
    default void beforeClaim(SmsIntent intent) {
    }

    /** Twilio has accepted the text and the ledger does not know yet: the window a crash test aims at. */
    default void afterTwilioAccepted(SmsIntent intent, String sid) {
    }
}
