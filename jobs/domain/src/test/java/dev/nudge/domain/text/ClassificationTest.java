package dev.nudge.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.ReplyIntent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationTest {

    @ParameterizedTest(name = "{0} → {1}, {2}")
    @CsvSource({
        "OPT_OUT,  OPTED_OUT, NEGATIVE",
        "OPT_IN,   OPTED_IN,  POSITIVE",
        "HELP,     HELP,      QUESTION",
        "QUESTION, REPLIED,   QUESTION",
        "POSITIVE, REPLIED,   POSITIVE",
        "NEGATIVE, REPLIED,   NEGATIVE",
        "OTHER,    REPLIED,   OTHER",
    })
    void mapsOntoTheEngagementModel(ReplyKind kind, EngagementKind engagement, ReplyIntent intent) {
        Classification classification = new Classification(kind, "x");
        assertThat(classification.engagementKind()).isEqualTo(engagement);
        assertThat(classification.intent()).isEqualTo(intent);
    }
}
