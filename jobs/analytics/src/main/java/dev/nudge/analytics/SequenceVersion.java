package dev.nudge.analytics;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;
import java.util.Optional;

/**
 * An accepted sequence definition version as the warehouse keeps it (nudge.sequence_versions): the hold-out share the
 * lift's sample-ratio check expects and the window every entry is measured over. A Flink POJO.
 */
public class SequenceVersion {
    public String brandId;
    public String sequenceId;
    public int version;
    public long publishedAtMillis;
    public int holdoutPercent;
    public long attributionWindowSeconds;
    /** the definition as JSON, as published */
    public String document;

    public SequenceVersion() {}

    /** Empty for a definition that does not parse: the sequencer rejects it and says why. */
    public static Optional<SequenceVersion> of(SequenceDefinition definition) {
        if (!(DefinitionParser.parse(definition.getDocument()) instanceof DefinitionParseResult.Accepted accepted)) {
            return Optional.empty();
        }
        SequenceVersion row = new SequenceVersion();
        row.brandId = definition.getBrandId();
        row.sequenceId = definition.getSequenceId();
        row.version = definition.getVersion();
        row.publishedAtMillis = definition.getPublishedAt().toEpochMilli();
        row.holdoutPercent = accepted.definition().holdoutPercent();
        row.attributionWindowSeconds = accepted.definition().attributionWindow().toSeconds();
        row.document = definition.getDocument();
        return Optional.of(row);
    }
}
