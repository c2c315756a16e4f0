package dev.nudge.simulator;

import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/** The topics a simulated retailer writes to, each with the record type it holds. */
public enum TopicKind {
    PURCHASES(PurchaseEvent.class),
    BROWSE(BrowseEvent.class),
    CUSTOMERS(CustomerEvent.class),
    ENGAGEMENTS(EngagementEvent.class),
    CATALOG(CatalogUpdate.class);

    private final Class<? extends SpecificRecord> valueClass;

    TopicKind(Class<? extends SpecificRecord> valueClass) {
        this.valueClass = valueClass;
    }

    public Class<? extends SpecificRecord> valueClass() {
        return valueClass;
    }

    /** This kind's topic in a topic catalog (with its prefix, if any). */
    public Topic<?> in(Topics topics) {
        return switch (this) {
            case PURCHASES -> topics.purchases();
            case BROWSE -> topics.browse();
            case CUSTOMERS -> topics.customers();
            case ENGAGEMENTS -> topics.engagements();
            case CATALOG -> topics.catalog();
        };
    }

    /** The kind whose topic holds {@code value}'s type. */
    public static TopicKind of(SpecificRecord value) {
        for (TopicKind kind : values()) {
            if (kind.valueClass.isInstance(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no simulated topic holds a " + value.getClass().getName());
    }
}
