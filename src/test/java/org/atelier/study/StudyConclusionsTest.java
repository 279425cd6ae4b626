package org.atelier.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.reporting.ComparisonReport.Row;
import org.junit.jupiter.api.Test;

class StudyConclusionsTest {
    /**
     * A finished experiment with the given figures, its gap at the end a point wider than at its best
     * epoch; every class's recall 0.9 but T-shirt's and Shirt's.
     */
    private static Row row(String name, double validation, double test, double gap, long parameters, double mflops,
                           double seconds, double tShirt, double shirt) {
        double[] recall = new double[10];
        Arrays.fill(recall, 0.9);
        recall[0] = tShirt;
        recall[6] = shirt;
        return new Row(Path.of(name), name, "", "m", validation, validation, test, 35, 50, 48_000, gap, gap + 0.01, parameters, mflops, seconds,
                80, 300, recall, new double[50]);
    }

    /**
     * An experiment of the reference's model and training set that ran {@code epochs} epochs, its
     * validation accuracy rising by 0.1 points an epoch to {@code validation} at the last.
     */
    private static Row ran(String name, String model, int epochs, double validation) {
        double[] recall = new double[10];
        Arrays.fill(recall, 0.9);
        double[] curve = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
            curve[e - 1] = validation - (epochs - e) * 0.001;
        }
        return new Row(Path.of(name), name, "", model, validation, validation, validation, epochs, epochs, 48_000, 0.02, 0.02,
                1, 1, 1, 80, 300, recall, curve);
    }

    /** The section of one claim: from its statement to the next one's. */
    private static String claim(String html, String start) {
        String rest = html.substring(html.indexOf(start));
        int next = rest.indexOf("<p><b>", 1);
        return next < 0 ? rest : rest.substring(0, next);
    }

    @Test
    void eachClaimShowsItsFinishedExperimentsAndTheirChangesAgainstItsFirst() {
        Map<String, Row> finished = new LinkedHashMap<>();
        finished.put("baseline", row("baseline", 0.9104, 0.9052, 0.0206, 225_034, 5.26, 254.4, 0.797, 0.78));
        finished.put("cnn4b", row("cnn4b", 0.9350, 0.9310, 0.0500, 31_081_034, 631.69, 29_000, 0.85, 0.70));
        finished.put("cnn4b-class-weights", row("cnn4b-class-weights", 0.9422, 0.9394, 0.0325, 31_081_034, 631.69, 29_669.8,
                0.90, 0.803));
        finished.put("cnn4b-augment-tuned", row("cnn4b-augment-tuned", 0.9370, 0.9330, 0.0010, 31_081_034, 631.69, 29_500,
                0.88, 0.75));

        String html = StudyConclusions.html(List.copyOf(finished.values()));

        String weights = claim(html, "<p><b>Class weights");
        assertTrue(weights.contains("<tr><td class=\"l\">cnn4b-class-weights</td><td>35/50</td><td>94.22%</td><td>93.94%</td>"
                + "<td>90.00%</td><td>80.30%</td><td>3.25%</td><td>4.25%</td></tr>"), weights);
        assertTrue(weights.contains("<td class=\"l\"><i>cnn4b-class-weights against cnn4b</i></td><td></td><td><i>+0.72 pts</i>"
                + "</td><td><i>+0.84 pts</i></td><td><i>+5.00 pts</i></td><td><i>+10.30 pts</i></td><td><i>-1.75 pts</i></td>"
                + "<td><i>-1.75 pts</i></td></tr>"),
                weights);
        assertFalse(weights.contains("Not finished yet"), weights);

        String evolution = claim(html, "<p><b>The MiniResNet");
        assertTrue(evolution.contains("<td><i>x138.12</i></td><td><i>x120.09</i></td><td><i>x116.63</i></td>"),
                "sizes and costs as ratios against the baseline: " + evolution);
        assertTrue(evolution.contains("<p>Not finished yet: miniresnet.</p>"), evolution);
        assertEquals(1, evolution.split(" against baseline", -1).length - 1, "one finished experiment besides the baseline");

        String together = claim(html, "<p><b>Future work: augmentation and class weights");
        assertTrue(together.contains("<i>cnn4b-class-weights against cnn4b-augment-tuned</i>"),
                "its first experiment, tuned augmentation, is there: class weights are measured against it: " + together);
        assertTrue(together.contains("<p>Not finished yet: cnn4b-augment-class-weights.</p>"), together);
        String bottleneck = claim(html, "<p><b>Future work: bottleneck");
        assertTrue(bottleneck.contains("<p>Not finished yet: miniresnet, miniresnet-bottleneck.</p>"), bottleneck);
        assertFalse(bottleneck.contains("<table>"), bottleneck);
    }

    @Test
    void withoutItsFirstExperimentAClaimShowsNoChanges() {
        Map<String, Row> finished = new LinkedHashMap<>();
        finished.put("cnn4b-augment", row("cnn4b-augment", 0.92, 0.91, 0.01, 1, 1, 1, 0.8, 0.7));
        finished.put("cnn4b-augment-tuned", row("cnn4b-augment-tuned", 0.93, 0.92, 0.0, 1, 1, 1, 0.8, 0.7));
        String augmentation = claim(StudyConclusions.html(List.copyOf(finished.values())), "<p><b>Augmentation");
        assertTrue(augmentation.contains("<td class=\"l\">cnn4b-augment-tuned</td>"), augmentation);
        assertFalse(augmentation.contains(" against "), "not against the first augmentation: " + augmentation);
        assertTrue(augmentation.contains("<p>Not finished yet: cnn4b.</p>"), augmentation);
    }

    @Test
    void aShortenedExperimentIsComparedOnlyWithOnesShortenedToTheSameLength() {
        String html = StudyConclusions.html(List.of(
                ran("cnn4b", "cnn4b", 10, 0.9200),
                ran("cnn4b-augment", "cnn4b", 10, 0.9150),
                ran("cnn4b-augment-tuned", "cnn4b", 50, 0.9370),
                ran("cnn4b-class-weights", "cnn4b", 50, 0.9422)));

        String augmentation = claim(html, "<p><b>Augmentation");
        assertTrue(augmentation.contains("<td class=\"l\"><i>cnn4b-augment against cnn4b</i></td><td></td><td><i>-0.50 pts</i>"),
                "both ran 10 of 50 epochs: " + augmentation);
        assertTrue(augmentation.contains("<td class=\"l\" colspan=\"4\"><i>not compared: cnn4b-augment-tuned (as the reference) "
                + "against cnn4b (10 of the reference's 50 epochs); at epoch 10, validation accuracy 89.70% against 92.00%: "
                + "-2.30 pts</i></td>"), "compared where both ran: " + augmentation);
        String weights = claim(html, "<p><b>Class weights");
        assertFalse(weights.contains("<td><i>+"), "50 epochs against 10 would credit the length to the weights: " + weights);
        assertTrue(weights.contains("at epoch 10, validation accuracy 90.22% against 92.00%: -1.78 pts"), weights);
        String together = claim(html, "<p><b>Future work: augmentation and class weights");
        assertTrue(together.contains("<i>cnn4b-class-weights against cnn4b-augment-tuned</i></td><td></td><td><i>+0.52 pts</i>"),
                "both ran as the reference: " + together);
    }
}
