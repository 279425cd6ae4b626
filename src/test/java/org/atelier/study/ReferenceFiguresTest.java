package org.atelier.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.atelier.reporting.ComparisonReport.Row;
import org.junit.jupiter.api.Test;

class ReferenceFiguresTest {
    private static Row row(String name, String model, int epochs, int trainImages, double best, double last, double test) {
        double[] recall = new double[10];
        Arrays.fill(recall, 0.9);
        return new Row(Path.of(name), name, "", model, best, last, test, epochs - 1, epochs, trainImages, 0.02, 0.03, 1, 1, 1,
                80, 300, recall, new double[epochs]);
    }

    /** The line of one experiment. */
    private static ReferenceFigures.FigureLine lineOf(List<ReferenceFigures.FigureLine> lines, String experiment) {
        return lines.stream().filter(l -> l.experiment().equals(experiment)).findFirst().orElseThrow();
    }

    @Test
    void experimentsTrainedAsTheReferenceAreMeasuredAgainstItsFigures() {
        List<ReferenceFigures.FigureLine> lines = ReferenceFigures.lines(List.of(
                row("baseline", "baseline", 10, 48_000, 0.9104, 0.9098, 0.9052),
                row("cnn4b-class-weights", "cnn4b", 50, 48_000, 0.9422, 0.9406, 0.9394),
                row("miniresnet", "miniresnet", 50, 48_000, 0.9440, 0.9431, 0.9420)));

        assertEquals(List.of("as the reference", "91.04% (9)", "90.98%", "90.52%", "+0.04 pts", "-0.02 pts", "-"),
                lineOf(lines, "baseline").cells(), "no test figure in the reference");
        assertEquals(List.of("+0.62 pts", "+0.46 pts", "-"), lineOf(lines, "cnn4b-class-weights").cells().subList(4, 7));
        assertEquals(List.of("-0.10 pts", "-0.19 pts", "+0.00 pts"), lineOf(lines, "miniresnet").cells().subList(4, 7));
        assertFalse(lineOf(lines, "cnn4b-augment-tuned").finished());
    }

    @Test
    void quickOrShortenedExperimentsSayWhatDiffersAndAreNotMeasured() {
        List<ReferenceFigures.FigureLine> lines = ReferenceFigures.lines(List.of(
                row("baseline", "baseline", 10, 12_000, 0.88, 0.88, 0.87),
                row("cnn4b-class-weights", "cnn4b-lite", 50, 48_000, 0.93, 0.93, 0.92),
                row("cnn4b-augment-tuned", "cnn4b", 15, 48_000, 0.92, 0.92, 0.91)));

        assertEquals(List.of("12,000 training images, not the reference's 48,000", "88.00% (9)", "88.00%", "87.00%", "-", "-",
                "-"), lineOf(lines, "baseline").cells());
        assertEquals("cnn4b-lite: not the reference's model", lineOf(lines, "cnn4b-class-weights").cells().get(0));
        assertEquals(List.of("15 of the reference's 50 epochs", "92.00% (14)", "92.00%", "91.00%", "-", "-", "-"),
                lineOf(lines, "cnn4b-augment-tuned").cells());
    }
}
