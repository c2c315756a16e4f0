package dev.nudge.domain.definition;

import java.util.List;

/** The outcome of reading a definition document. */
public sealed interface DefinitionParseResult {

    /** A usable definition; warnings name things that are allowed but probably not meant. */
    record Accepted(SequenceDefinition definition, List<String> warnings) implements DefinitionParseResult {
        public Accepted {
            warnings = List.copyOf(warnings);
        }
    }

    /** Every reason the document cannot be used, each as "path: reason". */
    record Rejected(List<String> reasons) implements DefinitionParseResult {
        public Rejected {
            reasons = List.copyOf(reasons);
        }
    }
}
