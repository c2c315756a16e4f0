package dev.nudge.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The figures as a Markdown table, as CSV for the plot, and spliced into BENCHMARKS.md between its markers. */
final class ResultsTable {

    static final String BEGIN = "<!-- bench:table:begin -->";
    static final String END = "<!-- bench:table:end -->";

    private ResultsTable() {}

    static String markdown(List<Figure> figures, List<String> notes) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | backend | Nudge | baseline | baseline is | ratio Nudge / baseline |\n");
        out.append("|---|---|---:|---:|---|---:|\n");
        for (Figure figure : figures) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f |%n", figure.name(),
                    figure.backend().label, number(figure.nudge()), number(figure.baseline()), figure.against(),
                    figure.ratio()));
        }
        out.append('\n');
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    static void writeCsv(List<Figure> figures, Path file) throws IOException {
        StringBuilder out = new StringBuilder("figure,backend,nudge,baseline,against\n");
        for (Figure figure : figures) {
            out.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%f,%f,\"%s\"%n", figure.name(), figure.backend().label,
                    figure.nudge(), figure.baseline(), figure.against()));
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** Replaces what lies between the markers in {@code document}; an error when it has none. */
    static void splice(Path document, String table) throws IOException {
        String text = Files.readString(document);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(document + " has no " + BEGIN + " ... " + END + " section");
        }
        Files.writeString(document, text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end));
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
