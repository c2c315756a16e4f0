package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./nudge} script itself, with this test's classpath as the CLI ({@code NUDGE_CLI_CLASSPATH}), so no Maven
 * build runs: {@code demo --help} answers at once and exits 0, {@code demo --bogus} prints one line and exits 2, and
 * neither installs, builds or starts anything.
 */
class NudgeScriptITCase {

    private static final Path ROOT = Path.of(System.getProperty("nudge.root", "..")).toAbsolutePath().normalize();

    @Test
    void demoHelpExits0AndABadOptionIsOneLineAndExitCode2() throws Exception {
        Run help = nudge("demo", "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: nudge demo ").contains("--customers", "--to=PHONE");
        assertThat(help.out()).as("no colour escapes off a terminal").doesNotContain("\u001b[");

        Run bogus = nudge("demo", "--bogus");
        assertThat(bogus.code()).isEqualTo(2);
        assertThat(bogus.err().lines()).containsExactly("error: Unknown option: '--bogus' (see nudge demo --help)");
        assertThat(bogus.out()).isEmpty();
    }

    record Run(int code, String out, String err) {}

    private static Run nudge(String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("bash", ROOT.resolve("nudge").toString()),
                        List.of(args).stream()).toList());
        builder.environment().put("NUDGE_CLI_CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./nudge returns").isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
