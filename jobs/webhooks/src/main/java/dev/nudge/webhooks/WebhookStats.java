package dev.nudge.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one server run, for logs, summaries and tests, and the same counters as Prometheus series (names in
 * the README's "Metrics" section and the operations dashboard): {@code nudge_webhooks_status_callbacks_total{status}},
 * {@code nudge_webhooks_receipts_total}, {@code nudge_webhooks_inbound_total}, {@code nudge_webhooks_clicks_total},
 * {@code nudge_webhooks_forbidden_total} and {@code nudge_webhooks_unknown_links_total}.
 */
public final class WebhookStats {

    private static final String STATUS_CALLBACKS = "nudge.webhooks.status.callbacks";

    final AtomicLong receipts = new AtomicLong();
    final AtomicLong inbound = new AtomicLong();
    final AtomicLong clicks = new AtomicLong();
    final AtomicLong forbidden = new AtomicLong();
    final AtomicLong unknownLinks = new AtomicLong();
    final AtomicLong unmatchedOptOuts = new AtomicLong();
    final AtomicLong linkPreviews = new AtomicLong();
    final AtomicLong parkedCallbacks = new AtomicLong();
    final AtomicLong parkedCallbacksDropped = new AtomicLong();
    private final MeterRegistry registry;

    WebhookStats(MeterRegistry registry) {
        this.registry = registry;
        count("nudge.webhooks.receipts", receipts, "delivery receipts published");
        count("nudge.webhooks.inbound", inbound, "signed inbound texts");
        count("nudge.webhooks.clicks", clicks, "tracked links followed");
        count("nudge.webhooks.forbidden", forbidden, "requests answered 403: missing or bad Twilio signature");
        count("nudge.webhooks.unknown.links", unknownLinks, "link requests answered 404");
        count("nudge.webhooks.unmatched.opt.outs", unmatchedOptOuts,
                "opt-outs that matched no single brand, suppressed for every brand of the number (for review)");
        count("nudge.webhooks.link.previews", linkPreviews, "tracked links fetched by a link-preview agent, not clicks");
        count("nudge.webhooks.parked.callbacks", parkedCallbacks,
                "status callbacks parked until the ledger view knows their intent");
        count("nudge.webhooks.parked.callbacks.dropped", parkedCallbacksDropped,
                "parked status callbacks dropped, oldest first, over the capacity");
    }

    /** Counts a signed status callback under its MessageStatus (queued, sent, delivered, undelivered, failed ...). */
    void statusCallback(String messageStatus) {
        String status = messageStatus == null || messageStatus.isBlank() ? "none" : messageStatus.toLowerCase(Locale.ROOT);
        Counter.builder(STATUS_CALLBACKS).tag("status", status)
                .description("signed Twilio status callbacks, repeats included").register(registry).increment();
    }

    private void count(String name, AtomicLong counter, String description) {
        FunctionCounter.builder(name, counter, AtomicLong::get).description(description).register(registry);
    }

    /** Signed status callbacks received, repeats and intermediate statuses included. */
    public long statusCallbacks() {
        return (long) registry.find(STATUS_CALLBACKS).counters().stream().mapToDouble(Counter::count).sum();
    }
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
    /** Opt-outs no text or single brand explained, suppressed for every brand sharing the number (logged for review). */
    public long unmatchedOptOuts() { return unmatchedOptOuts.get(); }
    /** Tracked links fetched by a link-preview agent: served, not counted as clicks. */
    public long linkPreviews() { return linkPreviews.get(); }
    /** Status callbacks parked because the ledger view did not know their intent yet. */
    public long parkedCallbacks() { return parkedCallbacks.get(); }
    /** Parked status callbacks dropped, oldest first, because more were parked than the capacity. */
    public long parkedCallbacksDropped() { return parkedCallbacksDropped.get(); }

    @Override
    public String toString() {
        return "statusCallbacks=" + statusCallbacks() + " receipts=" + receipts + " inbound=" + inbound
                + " clicks=" + clicks + " forbidden=" + forbidden + " unknownLinks=" + unknownLinks
                + " unmatchedOptOuts=" + unmatchedOptOuts + " linkPreviews=" + linkPreviews
                + " parkedCallbacks=" + parkedCallbacks + " parkedCallbacksDropped=" + parkedCallbacksDropped;
    }
}
