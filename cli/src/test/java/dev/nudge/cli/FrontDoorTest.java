package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./nudge} command, in this JVM as {@code ./nudge} runs them: {@code --help} prints the usage and exits 0
 * without running anything, and a user error is one line saying what to fix, exit code 2, no stack trace. The
 * commands are read from {@link NudgeCli} itself, so a command added later is held to the same rules.
 */
class FrontDoorTest {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();

    /** The commands the README lists; others (migrate) join through NudgeCli. */
    private static final List<String> REQUIRED = List.of("demo", "test", "bench", "bench bandit", "replay", "simulate",
            "publish", "validate", "topics", "tune");

    @TempDir
    Path directory;

    @Test
    void everyCommandPrintsItsUsageOnHelpAndRunsNothing() {
        List<String> commands = commands();
        assertThat(commands).containsAll(REQUIRED);
        for (String command : commands) {
            Result result = run(command + " --help");
            assertThat(result.code()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: nudge " + command + " ").contains("--help");
            assertThat(result.err()).as(command).isEmpty();
        }
        Result top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).startsWith("Usage: nudge").contains(REQUIRED.stream().filter(c -> !c.contains(" ")).toList());
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2ForEveryCommand() {
        for (String command : commands()) {
            Result result = run(command + " --bogus");
            assertOneLineUserError(command, result);
            assertThat(result.err()).as(command).contains("nudge " + command + " --help")
                    // picocli names missing required options first
                    .containsAnyOf("--bogus", "Missing required");
        }
    }

    @Test
    void aBadValueIsOneLineSayingWhatToFixAndExitCode2() {
        List<Map.Entry<String, String[]>> bad = List.of(
                Map.entry("'--customers': 'lots'", args("demo", "--customers", "lots")),
                Map.entry("--to 5550002222 is not a phone number", args("demo", "--to", "5550002222")),
                Map.entry("--twilio-account-sid", args("demo", "--to", "+15550002222", "--from", "+15550001111",
                        "--twilio-account-sid", "", "--twilio-auth-token", "")),
                Map.entry("'install' is not a Maven option", args("test", "install")),
                Map.entry("'--fast' is not a Maven option", args("test", "-q", "--fast")),
                Map.entry("berkeley", args("bench", "--quick", "--backends", "heap,berkeley")),
                Map.entry("'--runs': 'many'", args("bench", "bandit", "--runs", "many")),
                Map.entry("--input", args("replay", "--definition", "sequences/coffee-checkout-addon.yaml")),
                Map.entry("--customers", args("simulate", "--dry-run", "--customers", "0")),
                Map.entry("no such file", args("publish", directory.resolve("missing.yaml").toString())),
                Map.entry("no such file: ", args("validate", directory.resolve("missing.yaml").toString())),
                Map.entry("topic prefix", args("topics", "--dry-run", "--topic-prefix", "no spaces")),
                Map.entry("--brand", args("tune", "--sequence", "coffee")),
                Map.entry("frobnicate", args("frobnicate")));
        bad.forEach(whatToFixAndArgs -> {
            String[] args = whatToFixAndArgs.getValue();
            Result result = run(args);
            assertOneLineUserError(String.join(" ", args), result);
            assertThat(result.err()).as(String.join(" ", args)).contains(whatToFixAndArgs.getKey());
        });
    }

    @Test
    void validateReusesTheSequencersRulesAndExits2WithEveryReason() throws Exception {
        Result valid = run(args("validate", ROOT.resolve("sequences/coffee-checkout-addon.yaml").toString()));
        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("valid: coffee-checkout-addon@");

        Path invalid = directory.resolve("invalid.yaml");
        Files.writeString(invalid, Files.readString(ROOT.resolve("sequences/coffee-checkout-addon.yaml"))
                .replaceFirst("(?m)^version: .*$", "version: 0"));
        Result rejected = run(args("validate", invalid.toString()));
        assertThat(rejected.code()).isEqualTo(2);
        assertThat(rejected.err()).startsWith("invalid " + invalid + ": ").contains("  - ").contains("version");
        assertThat(rejected.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void theDemosOptionsAcceptRealTwilioOnlyWithItsAllowlist() {
        DemoOptions options = new DemoOptions();
        new CommandLine(options).parseArgs("--to", "+15550002222", "--to", "+15550003333", "--from", "+15550001111",
                "--twilio-account-sid", "AC123", "--twilio-auth-token", "secret");
        assertThat(options.validate().realTwilio()).hasValueSatisfying(twilio -> {
            assertThat(twilio.to()).containsExactly("+15550002222", "+15550003333");
            assertThat(twilio.toString()).doesNotContain("secret");
        });
        DemoOptions noAllowlist = new DemoOptions();
        new CommandLine(noAllowlist).parseArgs("--twilio-account-sid", "AC123", "--twilio-auth-token", "secret");
        assertThat(noAllowlist.validate().realTwilio()).isEmpty();
    }

    @Test
    void testRunsTheReadmesTestCommandWithTheMavenOptionsGiven() {
        assertThat(TestCommand.commands(List.of("-Dnudge.schemas.allowMissingHistory=true", "-pl", "jobs/domain")))
                .containsExactly(List.of("bash", "deploy/install-deps.sh"),
                        List.of("mvn", "-B", "verify", "-Dnudge.schemas.allowMissingHistory=true", "-pl", "jobs/domain"));
    }

    private static void assertOneLineUserError(String command, Result result) {
        assertThat(result.code()).as(command + ": " + result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(command).hasSize(1).allMatch(line -> line.startsWith("error: "));
        assertThat(result.out()).as(command).isEmpty();
    }

    /** Every command and subcommand under {@code nudge}, as typed after it, e.g. "bench bandit". */
    private static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(new CommandLine(new NudgeCli()), "", names);
        return names;
    }

    private static void collect(CommandLine command, String prefix, List<String> names) {
        command.getSubcommands().forEach((name, sub) -> {
            names.add(prefix + name);
            collect(sub, prefix + name + " ", names);
        });
    }

    private static String[] args(String... args) {
        return args;
    }

    record Result(int code, String out, String err) {}

    private static Result run(String commandLine) {
        return run(commandLine.split(" "));
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NudgeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
