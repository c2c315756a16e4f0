package dev.nudge.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classifier's recall on revocations and its false opt-outs, measured on the labelled corpus in
 * {@code src/test/resources/replies} (sources and labels: docs/reply-classifier.md). Each held-out file was written
 * before the classifier was tuned on what came before it, and is reported on its own; the 99% gate is on the whole
 * corpus, so that a held-out set never becomes a target.
 */
class ReplyClassifierRecallTest {

    static final double MIN_RECALL = 0.99;
    /** Not a goal but a guard: a classifier that calls everything an opt-out has perfect recall. */
    static final double MAX_FALSE_OPT_OUTS = 0.05;

    record Labelled(String text, String language, String label, String source) {
        boolean revocation() {
            return label.equals("revocation");
        }
    }

    record Figures(int texts, int revocations, int caught, int others, int falseOptOuts) {
        double recall() {
            return revocations == 0 ? 1 : (double) caught / revocations;
        }

        double falseOptOutRate() {
            return others == 0 ? 0 : (double) falseOptOuts / others;
        }

        @Override
        public String toString() {
            return String.format("%d texts: recall %.1f%% (%d/%d revocations), false opt-outs %.1f%% (%d/%d others)",
                    texts, 100 * recall(), caught, revocations, 100 * falseOptOutRate(), falseOptOuts, others);
        }
    }

    @Test
    void recallOnRevocationsIsAtLeast99PercentAndFalseOptOutsStayRare() {
        List<Labelled> tuning = corpus("reply-corpus-tuning.tsv");
        List<Labelled> heldOut = corpus("reply-corpus-heldout.tsv");
        List<Labelled> heldOut2 = corpus("reply-corpus-heldout-2.tsv");
        List<Labelled> heldOut3 = corpus("reply-corpus-heldout-3.tsv");
        List<Labelled> all = Stream.of(tuning, heldOut, heldOut2, heldOut3).flatMap(List::stream).toList();

        Figures whole = figures(all);
        System.out.println("Reply classifier, whole corpus: " + whole);
        System.out.println("Reply classifier, tuning set:   " + figures(tuning));
        System.out.println("Reply classifier, held-out 1:   " + figures(heldOut));
        System.out.println("Reply classifier, held-out 2:   " + figures(heldOut2));
        System.out.println("Reply classifier, held-out 3:   " + figures(heldOut3));
        Map<String, Figures> byLanguage = new TreeMap<>();
        for (String language : all.stream().map(Labelled::language).distinct().toList()) {
            byLanguage.put(language, figures(all.stream().filter(text -> text.language().equals(language)).toList()));
        }
        byLanguage.forEach((language, figures) -> System.out.println("Reply classifier, " + language + ": " + figures));
        all.stream().filter(text -> text.revocation() != optOut(text))
                .forEach(text -> System.out.println("  " + (text.revocation() ? "missed revocation" : "false opt-out")
                        + ": \"" + text.text() + "\" (" + text.label() + ", " + text.language() + ") → "
                        + ReplyClassifier.classify(text.text())));

        assertThat(all.size()).as("corpus size").isGreaterThanOrEqualTo(300);
        assertThat(all).extracting(Labelled::language).contains("en", "es", "fr");
        assertThat(whole.recall()).as("recall on revocations, whole corpus").isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(whole.falseOptOutRate()).as("false opt-outs").isLessThanOrEqualTo(MAX_FALSE_OPT_OUTS);
    }

    /** Named in issue 10 as missed: each must opt out on its own. */
    @ParameterizedTest
    @ValueSource(strings = {"quit texting me", "end texts", "I don't want these anymore", "do not contact", "no more",
        "unsubcribe", "PARAR", "BAJA", "ARRET", "CANCELAR", "NO MAS", "DETENER", "STOPPER", "Arrêt", "no más"})
    void theRevocationsTheIssueNamesOptOut(String text) {
        assertThat(ReplyClassifier.classify(text).kind()).as(text).isEqualTo(ReplyKind.OPT_OUT);
    }

    static Figures figures(List<Labelled> texts) {
        Predicate<Labelled> revocation = Labelled::revocation;
        List<Labelled> revocations = texts.stream().filter(revocation).toList();
        List<Labelled> others = texts.stream().filter(revocation.negate()).toList();
        return new Figures(texts.size(), revocations.size(),
                (int) revocations.stream().filter(ReplyClassifierRecallTest::optOut).count(), others.size(),
                (int) others.stream().filter(ReplyClassifierRecallTest::optOut).count());
    }

    private static boolean optOut(Labelled text) {
        return ReplyClassifier.classify(text.text()).kind() == ReplyKind.OPT_OUT;
    }

    static List<Labelled> corpus(String file) {
        try (InputStream in = ReplyClassifierRecallTest.class.getResourceAsStream("/replies/" + file)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.get(0)).isEqualTo("text\tlanguage\tlabel\tsource");
            return lines.stream().skip(1).filter(line -> !line.isBlank()).map(line -> {
                String[] cells = line.split("\t", -1);
                assertThat(cells).as(line).hasSize(4);
                return new Labelled(cells[0], cells[1], cells[2], cells[3]);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
