package dev.nudge.replay;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.DefinitionStatus;
import dev.nudge.domain.definition.SequenceDefinition;

/**
 * A sequence definition file to replay. A candidate is usually a DRAFT; the replay runs it as if it were LIVE,
 * since the question is what it would do once published.
 */
public record CandidateDefinition(SequenceDefinition definition) {

    public static CandidateDefinition parse(String yamlOrJson) {
        DefinitionParseResult parsed = DefinitionParser.parse(yamlOrJson);
        if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
            throw new IllegalArgumentException("not a valid sequence definition: " + parsed);
        }
        return new CandidateDefinition(accepted.definition().withStatus(DefinitionStatus.LIVE));
    }

    /** The envelope the sequencer reads; its publication time is set by the runner. */
    public dev.nudge.events.SequenceDefinition envelope() {
        return new dev.nudge.events.SequenceDefinition(definition.id(), definition.version(), definition.brandId(),
                java.time.Instant.EPOCH, DefinitionParser.toJson(definition));
    }
}
