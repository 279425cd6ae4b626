package org.atelier.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The table row of one experiment. */
    private static String rowOf(String html, String experiment) {
        String rest = html.substring(html.indexOf("<tr><td class=\"l\">" + experiment + "</td>"));
        return rest.substring(0, rest.indexOf("</tr>"));
    }

    @Test
    void experimentsTrainedAsTheReferenceAreMeasuredAgainstItsFigures() {
        String html = ReferenceFigures.html(List.of(
                row("baseline", "baseline", 10, 48_000, 0.9104, 0.9098, 0.9052),
                row("cnn4b-class-weights", "cnn4b", 50, 48_000, 0.9422, 0.9406, 0.9394),
                row("miniresnet", "miniresnet", 50, 48_000, 0.9440, 0.9431, 0.9420)));

        String baseline = rowOf(html, "baseline");
        assertTrue(baseline.contains("<td class=\"l\">as the reference</td><td>91.04% (9)</td><td>90.98%</td><td>90.52%</td>"
                + "<td>+0.04 pts</td><td>-0.02 pts</td><td>-</td>"), "no test figure in the reference: " + baseline);
        assertTrue(rowOf(html, "cnn4b-class-weights").contains("<td>+0.62 pts</td><td>+0.46 pts</td><td>-</td>"), html);
        assertTrue(rowOf(html, "miniresnet").contains("<td>-0.10 pts</td><td>-0.19 pts</td><td>+0.00 pts</td>"), html);
        assertTrue(rowOf(html, "cnn4b-augment-tuned").contains("<td class=\"l\">not finished yet</td>"), html);
    }

    @Test
    void quickOrShortenedExperimentsSayWhatDiffersAndAreNotMeasured() {
        String html = ReferenceFigures.html(List.of(
                row("baseline", "baseline", 10, 12_000, 0.88, 0.88, 0.87),
                row("cnn4b-class-weights", "cnn4b-lite", 50, 48_000, 0.93, 0.93, 0.92),
                row("cnn4b-augment-tuned", "cnn4b", 15, 48_000, 0.92, 0.92, 0.91)));

        assertTrue(rowOf(html, "baseline").contains("<td class=\"l\">12,000 training images, not the reference's 48,000</td>"
                + "<td>88.00% (9)</td><td>88.00%</td><td>87.00%</td><td>-</td><td>-</td><td>-</td>"), html);
        assertTrue(rowOf(html, "cnn4b-class-weights").contains("<td class=\"l\">cnn4b-lite: not the reference's model</td>"), html);
        assertTrue(rowOf(html, "cnn4b-augment-tuned").contains("<td class=\"l\">15 of the reference's 50 epochs</td>"
                + "<td>92.00% (14)</td><td>92.00%</td><td>91.00%</td><td>-</td><td>-</td><td>-</td>"), html);
    }
}
