package dev.nudge.sequencer;

import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.events.SequenceDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Sequence definitions from a folder of YAML files, as the sequencer receives them on its definitions input. */
public final class DefinitionFiles {

    private DefinitionFiles() {}

    /** Every {@code *.yaml} in {@code directory}, in file-name order; a file that is not a valid definition is an error. */
    public static List<SequenceDefinition> read(Path directory, Instant publishedAt) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().map(file -> {
                DefinitionParseResult parsed = DefinitionParser.parse(readString(file));
                if (!(parsed instanceof DefinitionParseResult.Accepted accepted)) {
                    throw new IllegalStateException(file + " is not a valid sequence definition: " + parsed);
                }
                return envelope(accepted.definition(), publishedAt);
            }).toList();
        }
    }

    /** A validated definition as the sequencer receives it on its definitions topic. */
    public static SequenceDefinition envelope(dev.nudge.domain.definition.SequenceDefinition definition,
                                              Instant publishedAt) {
        return new SequenceDefinition(definition.id(), definition.version(), definition.brandId(), publishedAt,
                DefinitionParser.toJson(definition));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
