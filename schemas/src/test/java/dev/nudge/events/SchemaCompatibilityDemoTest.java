package dev.nudge.events;

import static dev.nudge.events.CompatibilityChecker.Direction.BACKWARD;
import static dev.nudge.events.CompatibilityChecker.Direction.FORWARD;
import static org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE;
import static org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType.TYPE_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.events.CompatibilityChecker.Problem;
import dev.nudge.events.SchemaFiles.SchemaFile;
import dev.nudge.events.SchemaHistory.SchemaVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliberate edits to copies of the real schemas, and what the compatibility check says about them. */
class SchemaCompatibilityDemoTest {
  private static final String PURCHASE = "PurchaseEvent.avsc";
  private static final String CUSTOMER = "CustomerEvent.avsc";
  private static final String LINE_ITEM = "common/LineItem.avsc";
  private static final String CONSENT = "common/ConsentChange.avsc";

  @Test
  void aNewFieldWithoutDefaultCannotReadOldData() {
    String edited = edit(PURCHASE, "{\"name\": \"storeId\"",
        "{\"name\": \"addedWithoutDefault\", \"type\": \"string\"},\n    {\"name\": \"storeId\"");

    assertThat(problems(PURCHASE, edited, Map.of()))
        .extracting(Problem::direction, Problem::fieldPath, Problem::type)
        .containsExactly(tuple(BACKWARD, "PurchaseEvent.addedWithoutDefault", READER_FIELD_MISSING_DEFAULT_VALUE));
  }

  @Test
  void aRemovedFieldWithoutDefaultLeavesOldReadersStuck() {
    String edited = edit(PURCHASE, "{\"name\": \"orderId\", \"type\": \"string\"},", "");

    assertThat(problems(PURCHASE, edited, Map.of()))
        .extracting(Problem::direction, Problem::fieldPath, Problem::type)
        .containsExactly(tuple(FORWARD, "PurchaseEvent.orderId", READER_FIELD_MISSING_DEFAULT_VALUE));
  }

  @Test
  void aStringTurnedIntoAnIntBreaksBothWays() {
    String edited = edit(PURCHASE, "{\"name\": \"customerId\", \"type\": \"string\"}",
        "{\"name\": \"customerId\", \"type\": \"int\"}");

    assertThat(problems(PURCHASE, edited, Map.of()))
        .extracting(Problem::direction, Problem::fieldPath, Problem::type)
        .containsExactly(
            tuple(BACKWARD, "PurchaseEvent.customerId", TYPE_MISMATCH),
            tuple(FORWARD, "PurchaseEvent.customerId", TYPE_MISMATCH));
  }

  @Test
  void aBreakingChangeInACommonTypeIsNamedInsideTheEventsThatUseIt() {
    String lineItem = edit(LINE_ITEM, "{\"name\": \"quantity\", \"type\": \"int\"}",
        "{\"name\": \"quantity\", \"type\": \"string\"}");
    String consent = edit(CONSENT, "{\"name\": \"source\", \"type\": \"string\",",
        "{\"name\": \"origin\", \"type\": \"string\",");

    assertThat(problems(PURCHASE, real(PURCHASE), Map.of(LINE_ITEM, lineItem)))
        .extracting(Problem::fieldPath).containsOnly("PurchaseEvent.lines[].quantity");
    // The nullable consent record: Avro alone only says "reader union lacking writer type: RECORD".
    assertThat(problems(CUSTOMER, real(CUSTOMER), Map.of(CONSENT, consent)))
        .extracting(Problem::direction, Problem::fieldPath, Problem::type)
        .containsExactly(
            tuple(BACKWARD, "CustomerEvent.consent.origin", READER_FIELD_MISSING_DEFAULT_VALUE),
            tuple(FORWARD, "CustomerEvent.consent.source", READER_FIELD_MISSING_DEFAULT_VALUE));
  }

  @Test
  void compatibleChangesPass() {
    String nullable = "\"type\": [\"null\", \"string\"], \"default\": null},";
    String nullableFieldAdded = edit(PURCHASE, "{\"name\": \"storeId\"",
        "{\"name\": \"addedNullable\", " + nullable + "\n    {\"name\": \"storeId\"");
    String nullableFieldRemoved = edit(PURCHASE, "{\"name\": \"storeId\", " + nullable, "");
    // Old readers map the new symbol to the enum's default, OTHER.
    String enumSymbolAdded = edit(PURCHASE, "\"PHONE\", \"OTHER\"", "\"PHONE\", \"MARKETPLACE\", \"OTHER\"");

    assertThat(problems(PURCHASE, nullableFieldAdded, Map.of())).isEmpty();
    assertThat(problems(PURCHASE, nullableFieldRemoved, Map.of())).isEmpty();
    assertThat(problems(PURCHASE, enumSymbolAdded, Map.of())).isEmpty();
  }

  @Test
  void theReportNamesEveryProblemAndItsField() {
    String edited = edit(PURCHASE, "{\"name\": \"customerId\", \"type\": \"string\"}",
        "{\"name\": \"customerId\", \"type\": \"int\"}, {\"name\": \"addedWithoutDefault\", \"type\": \"string\"}");
    List<Problem> problems = problems(PURCHASE, edited, Map.of());

    String report = CompatibilityChecker.report(PURCHASE, "commit 0123456789", problems);

    assertThat(report).contains(
        "PurchaseEvent.avsc is not compatible with its previous version (commit 0123456789)",
        "BACKWARD: the new schema cannot read data written with the old one",
        "FORWARD: the old schema cannot read data written with the new one",
        "PurchaseEvent.customerId: type changed, reader type: INT not compatible with writer type: STRING",
        "PurchaseEvent.addedWithoutDefault: field 'addedWithoutDefault' is new and has no default");
  }

  /** The whole path the build takes: git history, the version before the latest change, the checker. */
  @Test
  void aCommittedBreakingChangeIsCaughtAgainstThePreviousCommit(@TempDir Path tempDir) throws Exception {
    TempGitRepo repo = TempGitRepo.init(tempDir.resolve("repo"));
    for (String file : List.of(PURCHASE, "common/Tenant.avsc", LINE_ITEM, CONSENT)) {
      repo.copyReal(file);
    }
    String before = repo.commitAll("the real schemas");
    Path purchase = repo.write(PURCHASE, edit(PURCHASE, "{\"name\": \"orderId\", \"type\": \"string\"},", ""));
    repo.commitAll("drop orderId");

    SchemaHistory history = SchemaHistory.open(repo.avroDir(), repo.environment());
    SchemaVersion previous = history.previousVersion(purchase).orElseThrow();
    Schema current = SchemaFiles.parse(SchemaFiles.read(purchase), realCommonTypes(Map.of()));
    List<Problem> problems = CompatibilityChecker.problems(previous.schema(), current);

    assertThat(previous.commit()).isEqualTo(before);
    assertThat(problems).extracting(Problem::direction, Problem::fieldPath)
        .containsExactly(tuple(FORWARD, "PurchaseEvent.orderId"));
  }

  /** The real file's schema against the edited text, with any common files replaced by edited ones. */
  private static List<Problem> problems(String file, String editedText, Map<String, String> editedCommonTypes) {
    Schema before = SchemaFiles.parse(real(file), realCommonTypes(Map.of()));
    Schema after = SchemaFiles.parse(editedText, realCommonTypes(editedCommonTypes));
    return CompatibilityChecker.problems(before, after);
  }

  private static List<String> realCommonTypes(Map<String, String> replacements) {
    return SchemaFiles.all().stream()
        .filter(SchemaFile::isCommon)
        .map(common -> replacements.getOrDefault(common.toString(), real(common.toString())))
        .toList();
  }

  private static String real(String file) {
    return SchemaFiles.read(SchemaFiles.AVRO_DIR.resolve(file));
  }

  /** The real file with one snippet replaced; fails if the snippet is not there exactly once. */
  private static String edit(String file, String snippet, String replacement) {
    String text = real(file);
    int at = text.indexOf(snippet);
    assertThat(at).as("%s contains %s", file, snippet).isNotNegative();
    assertThat(text.indexOf(snippet, at + 1)).as("%s contains %s only once", file, snippet).isNegative();
    return text.substring(0, at) + replacement + text.substring(at + snippet.length());
  }
}
