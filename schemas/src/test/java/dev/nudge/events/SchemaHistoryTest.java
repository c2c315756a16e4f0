package dev.nudge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.events.SchemaHistory.HistoryUnavailableException;
import dev.nudge.events.SchemaHistory.SchemaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which committed version a schema file is compared with, in real throwaway git repositories. */
class SchemaHistoryTest {
  private static final String PURCHASE = "PurchaseEvent.avsc";
  private static final String TENANT = "common/Tenant.avsc";

  @TempDir Path tempDir;
  private TempGitRepo repo;

  @BeforeEach
  void createRepoWithTheRealCommonTypes() throws IOException {
    repo = TempGitRepo.init(tempDir.resolve("repo"));
    for (String common : new String[] {"common/Tenant.avsc", "common/LineItem.avsc", "common/ConsentChange.avsc"}) {
      repo.copyReal(common);
    }
  }

  @Test
  void aFileCommittedOnceHasNoPreviousVersion() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    repo.commitAll("add purchase");

    assertThat(history().previousVersion(purchase)).isEmpty();
  }

  @Test
  void aFileNeverCommittedHasNoPreviousVersion() throws Exception {
    repo.commitAll("common types only");
    Path purchase = repo.copyReal(PURCHASE);

    assertThat(history().previousVersion(purchase)).isEmpty();
  }

  @Test
  void aRepositoryWithoutCommitsHasNoPreviousVersions() throws Exception {
    assertThat(history().previousVersion(repo.copyReal(PURCHASE))).isEmpty();
  }

  @Test
  void anUnchangedFileIsComparedWithTheVersionBeforeItsLatestChange() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    String first = repo.commitAll("add purchase");
    repo.write(PURCHASE, withNullableField(SchemaFiles.read(purchase), "addedInLatestCommit"));
    repo.commitAll("purchase gets a field");
    repo.write("Unrelated.txt", "a later commit that does not touch the schema");
    repo.commitAll("unrelated");

    SchemaVersion previous = history().previousVersion(purchase).orElseThrow();

    assertThat(previous.commit()).isEqualTo(first);
    assertThat(previous.schema().getField("addedInLatestCommit")).isNull();
  }

  @Test
  void aFileWithUncommittedChangesIsComparedWithHead() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    repo.commitAll("add purchase");
    repo.write(PURCHASE, withNullableField(SchemaFiles.read(purchase), "addedInLatestCommit"));
    String head = repo.commitAll("purchase gets a field");
    repo.write(PURCHASE, withNullableField(SchemaFiles.read(purchase), "addedInWorkingTree"));

    SchemaVersion previous = history().previousVersion(purchase).orElseThrow();

    assertThat(previous.commit()).isEqualTo(head);
    assertThat(previous.schema().getField("addedInLatestCommit")).isNotNull();
    assertThat(previous.schema().getField("addedInWorkingTree")).isNull();
  }

  @Test
  void anOldVersionIsReadWithTheCommonTypesOfItsOwnCommit() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    Path tenant = repo.copyReal(TENANT);
    String first = repo.commitAll("add purchase");
    repo.write(TENANT, withNullableField(SchemaFiles.read(tenant), "addedToTenant"));
    repo.write(PURCHASE, withNullableField(SchemaFiles.read(purchase), "addedInLatestCommit"));
    repo.commitAll("tenant and purchase get a field each");

    SchemaHistory history = history();
    SchemaVersion previousPurchase = history.previousVersion(purchase).orElseThrow();
    SchemaVersion previousTenant = history.previousVersion(tenant).orElseThrow();

    assertThat(previousPurchase.commit()).isEqualTo(first);
    assertThat(previousPurchase.schema().getField("tenant").schema().getField("addedToTenant")).isNull();
    assertThat(previousTenant.commit()).isEqualTo(first);
    assertThat(previousTenant.schema().getField("addedToTenant")).isNull();
  }

  @Test
  void aFileDeletedAndAddedAgainIsComparedWithItsVersionBeforeTheDeletion() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    String original = repo.commitAll("add purchase");
    String text = SchemaFiles.read(purchase);
    repo.delete(PURCHASE);
    repo.commitAll("remove purchase");
    repo.write(PURCHASE, withNullableField(text, "addedInLatestCommit"));
    repo.commitAll("purchase is back");

    assertThat(history().previousVersion(purchase)).map(SchemaVersion::commit).contains(original);
  }

  @Test
  void withoutARepositoryTheHistoryIsUnavailable() throws IOException {
    Path plainFolder = Files.createDirectories(tempDir.resolve("no-repo/src/main/avro"));

    assertThatThrownBy(() -> SchemaHistory.open(plainFolder, TempGitRepo.fencedEnvironment(tempDir.resolve("no-repo"))))
        .isInstanceOf(HistoryUnavailableException.class)
        .hasMessageContaining("is not inside a git work tree");
  }

  @Test
  void aShallowCloneThatEndsAtTheFilesLastChangeCannotTellWhatCameBefore() throws Exception {
    Path purchase = repo.copyReal(PURCHASE);
    String first = repo.commitAll("add purchase");
    repo.write(PURCHASE, withNullableField(SchemaFiles.read(purchase), "addedInLatestCommit"));
    repo.commitAll("purchase gets a field");

    TempGitRepo shallow = repo.shallowClone(tempDir.resolve("shallow"), 1);
    SchemaHistory shallowHistory = SchemaHistory.open(shallow.avroDir(), shallow.environment());
    assertThatThrownBy(() -> shallowHistory.previousVersion(shallow.avroDir().resolve(PURCHASE)))
        .isInstanceOf(HistoryUnavailableException.class)
        .hasMessageContaining("shallow clone");

    TempGitRepo deepEnough = repo.shallowClone(tempDir.resolve("deeper"), 2);
    Optional<SchemaVersion> previous = SchemaHistory.open(deepEnough.avroDir(), deepEnough.environment())
        .previousVersion(deepEnough.avroDir().resolve(PURCHASE));
    assertThat(previous).map(SchemaVersion::commit).contains(first);
  }

  private SchemaHistory history() throws HistoryUnavailableException {
    return SchemaHistory.open(repo.avroDir(), repo.environment());
  }

  /** The schema text with a nullable string field added before the last field. */
  static String withNullableField(String schemaText, String fieldName) {
    int lastField = schemaText.lastIndexOf("{\"name\"");
    assertThat(lastField).as("a field to insert before").isPositive();
    return schemaText.substring(0, lastField)
        + "{\"name\": \"" + fieldName + "\", \"type\": [\"null\", \"string\"], \"default\": null},\n    "
        + schemaText.substring(lastField);
  }
}
