package dev.nudge.dispatcher;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one dispatcher run, for logs and tests. */
public final class DispatcherStats {

    final AtomicLong received = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong inDoubt = new AtomicLong();
    final AtomicLong reconciledSent = new AtomicLong();
    final AtomicLong inDoubtOpen = new AtomicLong();
    final AtomicLong secondSids = new AtomicLong();

    public long received() { return received.get(); }
    public long duplicates() { return duplicates.get(); }
    public long unreadable() { return unreadable.get(); }
    public long sent() { return sent.get(); }
    public long failed() { return failed.get(); }
    public long skipped() { return skipped.get(); }
    public long retries() { return retries.get(); }
    /** Sends reported IN_DOUBT: unanswered, and not found by reconciliation. */
    public long inDoubt() { return inDoubt.get(); }
    /** Sends left in doubt (by a crash or a lost answer) that reconciliation found at Twilio. */
    public long reconciledSent() { return reconciledSent.get(); }
    /** Gauge: intents in doubt right now (latest ledger entry IN_DOUBT), still being looked up at Twilio. */
    public long inDoubtOpen() { return inDoubtOpen.get(); }
    /** Messages Twilio holds for an intent beyond its first: each one a text sent twice. Should stay 0. */
    public long secondSids() { return secondSids.get(); }

    @Override
    public String toString() {
        return "received=" + received + " duplicates=" + duplicates + " sent=" + sent + " failed=" + failed
                + " skipped=" + skipped + " retries=" + retries + " inDoubt=" + inDoubt
                + " reconciledSent=" + reconciledSent + " inDoubtOpen=" + inDoubtOpen + " secondSids=" + secondSids
                + " unreadable=" + unreadable;
    }
}
