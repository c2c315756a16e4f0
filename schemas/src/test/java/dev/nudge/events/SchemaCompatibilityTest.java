package dev.nudge.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.events.CompatibilityChecker.Problem;
import dev.nudge.events.SchemaFiles.SchemaFile;
import dev.nudge.events.SchemaHistory.HistoryUnavailableException;
import dev.nudge.events.SchemaHistory.SchemaVersion;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema can still read data written with its previous committed version, and that version
 * can read data written with it: topics hold both while producers and consumers roll out.
 *
 * <p>Without git history the check cannot run. That fails the build, so a CI job that lost its
 * .git (or cloned too shallow) cannot pass unchecked; a build from a source archive, which has no
 * history by design, opts out explicitly with {@code -Dnudge.schemas.allowMissingHistory=true}
 * and then the tests are reported as skipped, never as passed.
 */
class SchemaCompatibilityTest {
  static final String ALLOW_MISSING_HISTORY = "nudge.schemas.allowMissingHistory";

  private static SchemaHistory history;
  private static HistoryUnavailableException unavailable;

  @BeforeAll
  static void openHistory() {
    try {
      history = SchemaHistory.open(SchemaFiles.AVRO_DIR);
    } catch (HistoryUnavailableException e) {
      unavailable = e;
      failUnlessAllowed(e); // once here rather than once per schema
    }
  }

  static Stream<SchemaFile> schemaFiles() {
    return SchemaFiles.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFiles")
  void readsAndIsReadByItsPreviousVersion(SchemaFile file) throws IOException {
    Optional<SchemaVersion> previous = previousVersion(file);
    if (previous.isEmpty()) {
      return; // a schema that was never committed in another form has nothing to stay compatible with
    }

    List<Problem> problems = CompatibilityChecker.problems(previous.get().schema(), file.schema());

    assertThat(problems)
        .withFailMessage(() -> CompatibilityChecker.report(
            file.toString(), "commit " + previous.get().shortCommit(), problems))
        .isEmpty();
  }

  /** The version to compare with; without history, fails or (when allowed) skips the test. */
  private static Optional<SchemaVersion> previousVersion(SchemaFile file) throws IOException {
    HistoryUnavailableException missingHistory = unavailable;
    if (missingHistory == null) {
      try {
        return history.previousVersion(file.path());
      } catch (HistoryUnavailableException e) {
        failUnlessAllowed(e);
        missingHistory = e;
      }
    }
    return Assumptions.abort("Schema compatibility not checked (" + ALLOW_MISSING_HISTORY + "=true): "
        + missingHistory.getMessage());
  }

  private static void failUnlessAllowed(HistoryUnavailableException e) {
    if (!Boolean.getBoolean(ALLOW_MISSING_HISTORY)) {
      Assertions.fail("Schema compatibility cannot be checked: " + e.getMessage() + ". Build from a full git clone,"
          + " or, for a source archive without history, skip this check explicitly with -D"
          + ALLOW_MISSING_HISTORY + "=true.");
    }
  }
}
