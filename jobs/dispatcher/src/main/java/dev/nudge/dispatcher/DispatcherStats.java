package dev.nudge.dispatcher;

import dev.nudge.platform.twilio.TwilioCallException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one dispatcher run, for logs and tests, and the same counters as Prometheus series (the names are in
 * the README's "Metrics" section and the operations dashboard): {@code nudge_dispatcher_sends_total{status}},
 * {@code nudge_dispatcher_intents_total{outcome}}, {@code nudge_dispatcher_retries_total} and
 * {@code nudge_dispatcher_twilio_errors_total{code}}.
 */
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
    final AtomicLong fenced = new AtomicLong();
    private final MeterRegistry registry;

    DispatcherStats(MeterRegistry registry) {
        this.registry = registry;
        count("nudge.dispatcher.sends", "status", "sent", sent, "texts Twilio accepted");
        count("nudge.dispatcher.sends", "status", "reconciled_sent", reconciledSent,
                "texts left in doubt that reconciliation found at Twilio");
        count("nudge.dispatcher.sends", "status", "failed", failed, "texts Twilio refused, or given up on");
        count("nudge.dispatcher.sends", "status", "skipped", skipped, "texts not sent: consent, quiet hours, expiry");
        count("nudge.dispatcher.sends", "status", "in_doubt", inDoubt, "texts reported IN_DOUBT: no answer, not found");
        count("nudge.dispatcher.intents", "outcome", "received", received, "outbox records read");
        count("nudge.dispatcher.intents", "outcome", "duplicate", duplicates, "outbox records already in the ledger");
        count("nudge.dispatcher.intents", "outcome", "unreadable", unreadable, "outbox records that could not be read");
        count("nudge.dispatcher.second.sids", null, null, secondSids,
                "messages Twilio holds for an intent beyond its first: each a text sent twice; should stay 0");
        count("nudge.dispatcher.intents", "outcome", "fenced", fenced,
                "sends stopped because their outbox partition moved to another instance");
        Gauge.builder("nudge.dispatcher.ledger.in.doubt", inDoubtOpen, AtomicLong::get)
                .description("intents whose send is IN_DOUBT now, still being looked up at Twilio").register(registry);
        FunctionCounter.builder("nudge.dispatcher.retries", retries, AtomicLong::get)
                .description("Twilio calls repeated after a retryable error").register(registry);
    }

    /** Counts a failed Twilio call by Twilio's error code, else {@code http_<status>}, else {@code no_answer}. */
    void twilioError(TwilioCallException error) {
        String code = error.twilioCode().isPresent() ? String.valueOf(error.twilioCode().getAsInt())
                : error.httpStatus() == 0 ? "no_answer" : "http_" + error.httpStatus();
        Counter.builder("nudge.dispatcher.twilio.errors").tag("code", code)
                .description("failed Twilio calls, retried ones included").register(registry).increment();
    }

    private void count(String name, String tag, String value, AtomicLong counter, String description) {
        FunctionCounter.Builder<AtomicLong> builder = FunctionCounter.builder(name, counter, AtomicLong::get)
                .description(description);
        (tag == null ? builder : builder.tag(tag, value)).register(registry);
    }

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
    /** Sends stopped before their Twilio call because their outbox partition had moved to another instance. */
    public long fenced() { return fenced.get(); }

    @Override
    public String toString() {
        return "received=" + received + " duplicates=" + duplicates + " sent=" + sent + " failed=" + failed
                + " skipped=" + skipped + " retries=" + retries + " inDoubt=" + inDoubt
                + " reconciledSent=" + reconciledSent + " inDoubtOpen=" + inDoubtOpen + " secondSids=" + secondSids
                + " unreadable=" + unreadable + " fenced=" + fenced;
    }
}
