package dev.nudge.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The committed versions of the .avsc files in one folder of a git work tree, read with the git
 * command line. Older versions are parsed with the common types as they were in the same commit.
 */
final class SchemaHistory {
  private final Git git;
  private final Path avroDir;
  private final String avroDirInRepo;
  private final boolean hasCommits;
  private final Set<String> shallowBoundary;

  private SchemaHistory(Git git, Path avroDir, String avroDirInRepo, boolean hasCommits, Set<String> shallowBoundary) {
    this.git = git;
    this.avroDir = avroDir;
    this.avroDirInRepo = avroDirInRepo;
    this.hasCommits = hasCommits;
    this.shallowBoundary = shallowBoundary;
  }

  /** A committed version of a schema file. */
  record SchemaVersion(String commit, Schema schema) {
    String shortCommit() {
      return commit.substring(0, 10);
    }
  }

  /** There is no history to compare with: no git, no repository, or a clone cut short. */
  static final class HistoryUnavailableException extends Exception {
    HistoryUnavailableException(String message) {
      super(message);
    }
  }

  static SchemaHistory open(Path avroDir) throws HistoryUnavailableException {
    return open(avroDir, Map.of());
  }

  /** @param gitEnvironment extra environment for every git command (tests fence git in with it) */
  static SchemaHistory open(Path avroDir, Map<String, String> gitEnvironment) throws HistoryUnavailableException {
    Git here = new Git(avroDir, gitEnvironment);
    Git.Result topLevel;
    try {
      topLevel = here.execute("rev-parse", "--show-toplevel");
    } catch (IOException e) {
      throw new HistoryUnavailableException("git could not be run (" + e.getMessage() + ")");
    }
    if (topLevel.exitCode() != 0) {
      throw new HistoryUnavailableException(avroDir + " is not inside a git work tree: " + topLevel.error().strip());
    }
    try {
      Git atTop = here.in(Path.of(topLevel.output().strip()));
      String prefix = here.run("rev-parse", "--show-prefix").strip();
      boolean hasCommits = atTop.tryRun("rev-parse", "--verify", "--quiet", "HEAD").isPresent();
      return new SchemaHistory(atTop, avroDir, prefix, hasCommits, shallowBoundary(here));
    } catch (IOException e) {
      throw new HistoryUnavailableException("git could not read the repository: " + e.getMessage());
    }
  }

  /**
   * The last committed version of the file that differs from the working-tree file: HEAD's version
   * when the file has uncommitted changes, otherwise the version before the latest commit that
   * changed it. Empty when the file has never been committed in another form.
   *
   * @throws HistoryUnavailableException when a shallow clone cuts the file's history short, so an
   *     older version may exist that this clone does not have
   */
  Optional<SchemaVersion> previousVersion(Path avscFile) throws IOException, HistoryUnavailableException {
    if (!hasCommits) {
      return Optional.empty();
    }
    String path = pathInRepo(avscFile);
    String workingBlob = git.run("hash-object", "--path=" + path, "--", avscFile.toAbsolutePath().toString()).strip();
    List<String> commits = git.run("log", "--format=%H", "--", path).lines().toList();
    for (String commit : commits) {
      // A commit that deleted the file has no blob for it; the history before the deletion still counts.
      Optional<String> blob = git.tryRun("rev-parse", "--verify", "--quiet", commit + ":" + path).map(String::strip);
      if (blob.isPresent() && !blob.get().equals(workingBlob)) {
        return Optional.of(new SchemaVersion(commit, parseAt(commit, path, blob.get())));
      }
    }
    if (!commits.isEmpty() && shallowBoundary.contains(commits.get(commits.size() - 1))) {
      throw new HistoryUnavailableException("this is a shallow clone and the history of " + path
          + " stops at its boundary commit " + commits.get(commits.size() - 1)
          + "; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)");
    }
    return Optional.empty();
  }

  private Schema parseAt(String commit, String path, String blob) throws IOException {
    String commonDir = avroDirInRepo + SchemaFiles.COMMON_DIR + "/";
    List<String> commonTypes = new ArrayList<>();
    // -z: entries end with NUL and paths are not quoted; each is "<mode> <type> <object>\t<path>".
    for (String entry : git.run("ls-tree", "-z", commit, "--", commonDir).split("\0")) {
      if (entry.isEmpty()) {
        continue;
      }
      String[] metaAndPath = entry.split("\t", 2);
      String[] meta = metaAndPath[0].split(" ");
      String entryPath = metaAndPath[1];
      if (meta[1].equals("blob") && entryPath.endsWith(SchemaFiles.EXTENSION) && !entryPath.equals(path)) {
        commonTypes.add(git.run("cat-file", "blob", meta[2]));
      }
    }
    try {
      return SchemaFiles.parse(git.run("cat-file", "blob", blob), commonTypes);
    } catch (RuntimeException e) {
      throw new IOException("the version of " + path + " at " + commit + " does not parse: " + e.getMessage(), e);
    }
  }

  private String pathInRepo(Path avscFile) {
    Path relative = avroDir.relativize(avscFile.toAbsolutePath());
    if (relative.startsWith("..")) {
      throw new IllegalArgumentException(avscFile + " is not under " + avroDir);
    }
    return avroDirInRepo + relative.toString().replace('\\', '/');
  }

  /** The commits a shallow clone was cut at: their parents are missing. Empty for a full clone. */
  private static Set<String> shallowBoundary(Git git) throws IOException {
    Path shallowFile = git.directory().resolve(git.run("rev-parse", "--git-path", "shallow").strip());
    return Files.exists(shallowFile) ? Set.copyOf(Files.readAllLines(shallowFile)) : Set.of();
  }
}
