package dev.nudge.webhooks;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one server run, for logs, summaries and tests. */
public final class WebhookStats {

    final AtomicLong statusCallbacks = new AtomicLong();
    final AtomicLong receipts = new AtomicLong();
    final AtomicLong inbound = new AtomicLong();
    final AtomicLong clicks = new AtomicLong();
    final AtomicLong forbidden = new AtomicLong();
    final AtomicLong unknownLinks = new AtomicLong();
    final AtomicLong linkPreviews = new AtomicLong();
    final AtomicLong parkedCallbacks = new AtomicLong();
    final AtomicLong parkedCallbacksDropped = new AtomicLong();

    /** Signed status callbacks received, repeats and intermediate statuses included. */
    public long statusCallbacks() { return statusCallbacks.get(); }
    /** Delivery receipts published (a message reaching DELIVERED, UNDELIVERED or FAILED). */
    public long receipts() { return receipts.get(); }
    /** Signed inbound texts received. */
    public long inbound() { return inbound.get(); }
    /** Tracked links followed. */
    public long clicks() { return clicks.get(); }
    /** Requests answered 403: a missing or bad Twilio signature. */
    public long forbidden() { return forbidden.get(); }
    /** Link requests answered 404: a token no text carries. */
    public long unknownLinks() { return unknownLinks.get(); }
    /** Tracked links fetched by a link-preview agent: served, not counted as clicks. */
    public long linkPreviews() { return linkPreviews.get(); }
    /** Status callbacks parked because the ledger view did not know their intent yet. */
    public long parkedCallbacks() { return parkedCallbacks.get(); }
    /** Parked status callbacks dropped, oldest first, because more were parked than the capacity. */
    public long parkedCallbacksDropped() { return parkedCallbacksDropped.get(); }

    @Override
    public String toString() {
        return "statusCallbacks=" + statusCallbacks + " receipts=" + receipts + " inbound=" + inbound
                + " clicks=" + clicks + " forbidden=" + forbidden + " unknownLinks=" + unknownLinks + " linkPreviews=" + linkPreviews + " parkedCallbacks=" + parkedCallbacks
                + " parkedCallbacksDropped=" + parkedCallbacksDropped;
    }
}
