package dev.nudge.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the git command line in one directory. */
final class Git {
  private static final long TIMEOUT_SECONDS = 60;

  private final Path directory;
  private final Map<String, String> environment;

  /**
   * @param environment added to the inherited environment; tests use it to fence git off from the
   *     repository that encloses their temporary folders (GIT_CEILING_DIRECTORIES)
   */
  Git(Path directory, Map<String, String> environment) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
  }

  Path directory() {
    return directory;
  }

  /** A git in another directory, with the same environment. */
  Git in(Path otherDirectory) {
    return new Git(otherDirectory, environment);
  }

  /** The standard output of a command that must succeed. */
  String run(String... arguments) throws IOException {
    Result result = execute(arguments);
    if (result.exitCode != 0) {
      throw new IOException("git " + String.join(" ", arguments) + " failed in " + directory
          + " (exit " + result.exitCode + "): " + result.error.strip());
    }
    return result.output;
  }

  /** The standard output, or empty when git answers with a non-zero exit (e.g. "no such path"). */
  Optional<String> tryRun(String... arguments) throws IOException {
    Result result = execute(arguments);
    return result.exitCode == 0 ? Optional.of(result.output) : Optional.empty();
  }

  /** Like {@link #run} but returns the exit code and error text instead of throwing on failure. */
  Result execute(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    // git's error output here is a line or two: reading stdout first cannot stall on a full stderr pipe.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("git " + String.join(" ", arguments) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for git", e);
    }
    return new Result(process.exitValue(), output, error);
  }

  record Result(int exitCode, String output, String error) {}
}
