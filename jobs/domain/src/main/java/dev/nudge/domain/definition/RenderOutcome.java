package dev.nudge.domain.definition;

import java.util.Set;

/** The result of filling a template. */
public sealed interface RenderOutcome {

    /** The finished text, the locale tag of the template used and the variant it came from. */
    record Rendered(String text, String locale, String variantId) implements RenderOutcome {}

    /** The template needs values that were not given (e.g. the item has no url for {link}); nothing should be sent. */
    record Missing(Set<String> variables) implements RenderOutcome {
        public Missing {
            variables = Set.copyOf(variables);
        }
    }
}
