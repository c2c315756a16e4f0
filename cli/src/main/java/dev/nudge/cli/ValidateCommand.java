package dev.nudge.cli;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.platform.cli.CommandLines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a sequence definition with the sequencer's own rules ({@link DefinitionParser}), without publishing it:
 * prints its warnings, or every reason it is rejected and exits 2.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a sequence definition (YAML or JSON) with the sequencer's rules; prints every reason "
                + "it is rejected (exit 2). Publishes nothing.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEFINITION", description = "the definition file, e.g. sequences/coffee.yaml")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DefinitionParseResult result = DefinitionParser.parse(CommandLines.readString(file));
        if (result instanceof DefinitionParseResult.Rejected rejected) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("invalid %s: %d reason(s)%n", file, rejected.reasons().size());
            rejected.reasons().forEach(reason -> err.println("  - " + reason));
            return CommandLines.USER_ERROR;
        }
        DefinitionParseResult.Accepted accepted = (DefinitionParseResult.Accepted) result;
        accepted.warnings().forEach(warning -> out.println("warning: " + warning));
        out.printf("valid: %s@%d of %s, %d step(s)%n", accepted.definition().id(), accepted.definition().version(),
                accepted.definition().brandId(), accepted.definition().steps().size());
        return 0;
    }
}
