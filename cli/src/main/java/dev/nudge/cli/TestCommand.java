package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The README's test command, as CI runs it ({@code .ci/run}): installs what the tests need, then
 * {@code mvn -B verify} with the Maven options given.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        customSynopsis = "nudge test [-hV] [MAVEN_OPTION...]",
        description = {"Installs what the tests need (deploy/install-deps.sh), then runs every unit, harness and "
                + "integration test: mvn -B verify [MAVEN_OPTION...].",
                "MAVEN_OPTION: e.g. -Dtest=FooTest -Dsurefire.failIfNoSpecifiedTests=false -pl jobs/domain"})
final class TestCommand implements Callable<Integer> {

    /** Maven's options that take the next word as their value. */
    private static final Set<String> TAKES_A_VALUE = Set.of("-pl", "--projects", "-P", "--activate-profiles", "-f",
            "--file", "-s", "--settings", "-gs", "--global-settings", "-T", "--threads", "-rf", "--resume-from", "-b",
            "--builder", "-l", "--log-file", "-t", "--toolchains");

    /** Maven's options that take no value; -D, -P and -T may also carry theirs attached (-Dtest=Foo, -Pbench). */
    private static final Set<String> FLAGS = Set.of("-am", "--also-make", "-amd", "--also-make-dependents", "-B",
            "--batch-mode", "-e", "--errors", "-X", "--debug", "-q", "--quiet", "-o", "--offline", "-U",
            "--update-snapshots", "-nsu", "--no-snapshot-updates", "-fae", "--fail-at-end", "-ff", "--fail-fast",
            "-fn", "--fail-never", "-N", "--non-recursive", "-ntp", "--no-transfer-progress", "--show-version");

    @Unmatched
    private List<String> mavenOptions = new ArrayList<>();

    @Override
    public Integer call() {
        return ChildProcesses.run(commands(mavenOptions));
    }

    /** What {@code ./nudge test} runs. */
    static List<List<String>> commands(List<String> mavenOptions) {
        // A bare word would be a Maven phase or goal: the command is verify, always.
        for (int i = 0; i < mavenOptions.size(); i++) {
            String word = mavenOptions.get(i);
            boolean value = i > 0 && TAKES_A_VALUE.contains(mavenOptions.get(i - 1));
            boolean option = FLAGS.contains(word) || TAKES_A_VALUE.contains(word)
                    || word.matches("-[DPT].+");
            if (!value && !option) {
                throw new UserError("'" + word + "' is not a Maven option ./nudge test takes: it runs mvn verify "
                        + "with options such as -Dtest=FooTest, -pl jobs/domain -am, -o, -q (see nudge test --help)");
            }
        }
        List<String> maven = new ArrayList<>(List.of("mvn", "-B", "verify"));
        maven.addAll(mavenOptions);
        return List.of(List.of("bash", "deploy/install-deps.sh"), maven);
    }
}
