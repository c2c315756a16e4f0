package dev.nudge.cli;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads one sequence's facts from ClickHouse, prints what they say per step and variant (intention-to-treat lift with
 * its interval, opt-out rate, time to convert), recommends changes ({@link Tuning}) and writes the next version of
 * the definition as YAML, ready for {@code ./nudge publish} ({@code dev.nudge.sequencer.PublishCommand}).
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Prints what the data says about a sequence, recommends changes and writes its next version.")
final class TuneCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--brand", required = true, description = "the brand whose sequence it is")
    private String brand;

    @Option(names = "--sequence", required = true, description = "the sequence id")
    private String sequence;

    @Option(names = "--definition", description = "the live definition (YAML or JSON); default: the newest version "
            + "the analytics job stored in nudge.sequence_versions")
    private Path definitionFile;

    @Option(names = "--clickhouse-url", defaultValue = "http://127.0.0.1:18123",
            description = "ClickHouse's HTTP interface; default ${DEFAULT-VALUE}")
    private String clickHouseUrl;

    @Option(names = "--from", description = "first day of entries and texts (yyyy-MM-dd); default 30 days ago")
    private LocalDate from;

    @Option(names = "--to", description = "day after the last one (yyyy-MM-dd); default tomorrow")
    private LocalDate to;

    @Option(names = "--queries", defaultValue = "sql/queries", description = "the analyst queries; default ${DEFAULT-VALUE}")
    private Path queries;

    @Option(names = "--out", description = "where the next version goes; default <sequence>-v<version>.yaml here")
    private Path out;

    @Override
    public Integer call() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = from != null ? from : today.minusDays(30);
        LocalDate last = to != null ? to : today.plusDays(1);
        if (!first.isBefore(last)) {
            throw new UserError("--from " + first + " is not before --to " + last);
        }
        SequenceFacts facts;
        try {
            facts = SequenceFacts.read(new ClickHouseHttp(clickHouseUrl), queries, brand, sequence, first.toString(),
                    last.toString());
        } catch (UncheckedIOException e) {
            throw new UserError("ClickHouse at " + clickHouseUrl + " does not answer: " + e.getCause().getMessage());
        }
        String document = definitionFile != null ? CommandLines.readString(definitionFile) : facts.document().orElseThrow(
                () -> new UserError("no definition of " + sequence + " for " + brand + " in ClickHouse; give --definition"));
        SequenceDefinition definition = parse(document);
        if (!definition.id().equals(sequence) || !definition.brandId().equals(brand)) {
            throw new UserError("the definition is " + definition.brandId() + "/" + definition.id() + ", not "
                    + brand + "/" + sequence);
        }
        PrintWriter print = spec.commandLine().getOut();
        print.printf("%s@%d of %s, entries and texts from %s to %s%n", sequence, definition.version(), brand, first, last);
        if (facts.isEmpty()) {
            throw new UserError("no entries or texts of " + sequence + " for " + brand + " from " + first + " to " + last);
        }
        Report.print(print, facts);
        List<Tuning.Recommendation> recommendations = Tuning.recommend(facts, definition);
        print.println();
        print.println("Recommendations:");
        if (recommendations.isEmpty()) {
            print.println("  none: nothing is different enough at 95% to act on");
        }
        recommendations.forEach(recommendation -> print.println("  - " + recommendation.text()));
        String next = NextVersion.write(document, recommendations);
        Path target = out != null ? out : Path.of(String.format(Locale.ROOT, "%s-v%d.yaml", sequence,
                definition.version() + 1));
        try {
            Files.writeString(target, next);
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage());
        }
        print.printf("%nNext version (%s@%d) written to %s; publish it with ./nudge publish %s%n", sequence,
                definition.version() + 1, target, target);
        return 0;
    }

    private static SequenceDefinition parse(String document) {
        DefinitionParseResult result = DefinitionParser.parse(document);
        if (result instanceof DefinitionParseResult.Rejected rejected) {
            throw new UserError("the current definition does not validate: " + String.join("; ", rejected.reasons()));
        }
        return ((DefinitionParseResult.Accepted) result).definition();
    }
}
