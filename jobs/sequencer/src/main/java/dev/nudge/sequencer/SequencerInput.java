package dev.nudge.sequencer;

import dev.nudge.domain.tenant.CustomerKey;

import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * One customer-keyed record on its way into the sequencer: exactly one of the event fields is set, or
 * {@code deadLetter} when the record could not be read. A Flink POJO; the Avro fields use Flink's Avro serializer.
 */
public class SequencerInput {

    /** Where the record came from, so that a record the engine fails on still reaches the dead letters with its origin. */
    public String topic;
    public int partition;
    public long offset;

    public PurchaseEvent purchase;
    public BrowseEvent browse;
    public CustomerEvent customer;
    public EngagementEvent engagement;
    public DeadLetter deadLetter;

    public SequencerInput() {}

    public static SequencerInput of(Object event) {
        SequencerInput input = new SequencerInput();
        if (event instanceof PurchaseEvent purchase) {
            input.purchase = purchase;
        } else if (event instanceof BrowseEvent browse) {
            input.browse = browse;
        } else if (event instanceof CustomerEvent customer) {
            input.customer = customer;
        } else if (event instanceof EngagementEvent engagement) {
            input.engagement = engagement;
        } else if (event instanceof DeadLetter deadLetter) {
            input.deadLetter = deadLetter;
        } else {
            throw new IllegalArgumentException("not a customer event: " + event.getClass().getName());
        }
        return input;
    }

    public SequencerInput from(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        return this;
    }

    /** The one event this input carries. */
    public SpecificRecord event() {
        if (purchase != null) {
            return purchase;
        }
        if (browse != null) {
            return browse;
        }
        if (customer != null) {
            return customer;
        }
        return engagement;
    }

    /** The customer key: brand and customer, so that two brands' customer ids never collide. */
    public String customerKey() {
        if (purchase != null) {
            return key(purchase.getTenant().getBrandId(), purchase.getCustomerId());
        }
        if (browse != null) {
            return key(browse.getTenant().getBrandId(), browse.getCustomerId());
        }
        if (customer != null) {
            return key(customer.getTenant().getBrandId(), customer.getCustomerId());
        }
        if (engagement != null) {
            return key(engagement.getTenant().getBrandId(), engagement.getCustomerId());
        }
        return "";
    }

    public long eventTimeMillis() {
        if (purchase != null) {
            return purchase.getEventTime().toEpochMilli();
        }
        if (browse != null) {
            return browse.getEventTime().toEpochMilli();
        }
        if (customer != null) {
            return customer.getEventTime().toEpochMilli();
        }
        if (engagement != null) {
            return engagement.getEventTime().toEpochMilli();
        }
        return Long.MIN_VALUE;
    }

    static String key(String brandId, String customerId) {
        return CustomerKey.of(brandId, customerId);
    }
}
