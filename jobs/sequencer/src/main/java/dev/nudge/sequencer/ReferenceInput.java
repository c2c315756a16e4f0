package dev.nudge.sequencer;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.SequenceDefinition;
import org.apache.avro.specific.SpecificRecord;
import dev.nudge.events.VariantOutcome;

/**
 * A record for the broadcast side: a sequence definition, a catalog update, a text's outcome for the bandit, or a
 * dead letter. A Flink POJO.
 */
public class ReferenceInput {

    /** Where the record came from, so that a record that fails on the broadcast side reaches the dead letters with its origin. */
    public String topic;
    public int partition;
    public long offset;

    public SequenceDefinition definition;
    public CatalogUpdate catalog;
    public VariantOutcome outcome;
    public DeadLetter deadLetter;

    public ReferenceInput() {}

    public static ReferenceInput of(Object record) {
        ReferenceInput input = new ReferenceInput();
        if (record instanceof SequenceDefinition definition) {
            input.definition = definition;
        } else if (record instanceof CatalogUpdate catalog) {
            input.catalog = catalog;
        } else if (record instanceof VariantOutcome outcome) {
            input.outcome = outcome;
        } else if (record instanceof DeadLetter deadLetter) {
            input.deadLetter = deadLetter;
        } else {
            throw new IllegalArgumentException("not a reference record: " + record.getClass().getName());
        }
        return input;
    }

    public ReferenceInput from(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        return this;
    }

    /** The definition or catalog update this input carries. */
    public SpecificRecord record() {
        return definition != null ? definition : catalog;
    }

    public long eventTimeMillis() {
        if (definition != null) {
            return definition.getPublishedAt().toEpochMilli();
        }
        if (catalog != null) {
            return catalog.getEventTime().toEpochMilli();
        }
        if (outcome != null) {
            return outcome.getEventTime().toEpochMilli();
        }
        return Long.MIN_VALUE;
    }
}
