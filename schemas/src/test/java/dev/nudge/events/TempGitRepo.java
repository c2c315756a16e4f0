package dev.nudge.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A throwaway git repository laid out like this one (schemas/src/main/avro), for tests of schema
 * history. Git is fenced in so it never wanders up into the repository the build runs in.
 */
final class TempGitRepo {
  private final Path root;
  private final Git git;

  private TempGitRepo(Path root) {
    this.root = root;
    this.git = new Git(root, fencedEnvironment(root));
  }

  static TempGitRepo init(Path root) throws IOException {
    TempGitRepo repo = new TempGitRepo(Files.createDirectories(root));
    repo.git.run("init", "--quiet", "--initial-branch=main");
    return repo;
  }

  /** A shallow clone of this repository holding only its last {@code depth} commits. */
  TempGitRepo shallowClone(Path target, int depth) throws IOException {
    git.run("clone", "--quiet", "--depth", Integer.toString(depth), root.toUri().toString(), target.toString());
    return new TempGitRepo(target);
  }

  /** The environment that keeps git from finding any repository above {@code folder}. */
  static Map<String, String> fencedEnvironment(Path folder) {
    return Map.of("GIT_CEILING_DIRECTORIES", folder.toAbsolutePath().getParent().toString());
  }

  Map<String, String> environment() {
    return fencedEnvironment(root);
  }

  Path avroDir() {
    return root.resolve("schemas/src/main/avro");
  }

  /** Writes a file under the avro folder, e.g. "PurchaseEvent.avsc" or "common/Tenant.avsc". */
  Path write(String avroRelativePath, String text) throws IOException {
    Path file = avroDir().resolve(avroRelativePath);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** Copies one of this module's real schema files into the same place in this repository. */
  Path copyReal(String avroRelativePath) throws IOException {
    return write(avroRelativePath, SchemaFiles.read(SchemaFiles.AVRO_DIR.resolve(avroRelativePath)));
  }

  void delete(String avroRelativePath) throws IOException {
    Files.delete(avroDir().resolve(avroRelativePath));
  }

  /** Commits everything in the work tree and returns the new commit's id. */
  String commitAll(String message) throws IOException {
    git.run("add", "--all");
    git.run("-c", "user.name=Schema Test", "-c", "user.email=schema-test@nudge.invalid", "-c", "commit.gpgsign=false",
        "commit", "--quiet", "--message", message);
    return git.run("rev-parse", "HEAD").strip();
  }
}
