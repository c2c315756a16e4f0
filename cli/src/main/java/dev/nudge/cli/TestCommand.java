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
            if (!word.startsWith("-") && (i == 0 || !TAKES_A_VALUE.contains(mavenOptions.get(i - 1)))) {
                throw new UserError("'" + word + "' is not a Maven option: ./nudge test runs mvn verify; give "
                        + "options such as -Dtest=FooTest");
            }
        }
        List<String> maven = new ArrayList<>(List.of("mvn", "-B", "verify"));
        maven.addAll(mavenOptions);
        return List.of(List.of("bash", "deploy/install-deps.sh"), maven);
    }
}
