package org.atelier.reporting;

import org.atelier.data.FashionClass;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.ClassificationMetrics;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.RunDirectory;

/** The test-set part of a run's report, from evaluation.json; present once `atelier evaluate` has run. */
final class EvaluationSection {
    private EvaluationSection() {}

    static String html(RunDirectory run) {
        EvaluationRecord e = run.evaluation().orElseThrow();
        ClassificationMetrics m = e.metrics();
        StringBuilder h = new StringBuilder("<h2>Test set</h2>\n");
        h.append(String.format("<p>Test accuracy <b>%.2f%%</b> on %,d held-out images (%,.0f images/s in inference)",
                100 * e.testAccuracy(), e.testImages(), e.inferenceImagesPerSecond()));
        TestTimeAugmentation tta = TestTimeAugmentation.byName(e.tta() == null ? "none" : e.tta());
        if (tta != TestTimeAugmentation.NONE) {
            h.append(String.format("; %.2f%% with test-time augmentation '%s' (each prediction the mean over %d views of the image)",
                    100 * e.testAccuracyTta(), tta.id(), tta.views().size()));
        }
        h.append(".</p>\n");
        h.append("<table>\n<tr><th class=\"l\">class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (int c = 0; c < FashionClass.COUNT; c++) {
            h.append(String.format("<tr><td class=\"l\">%d %s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>%n",
                    c, RunReport.esc(FashionClass.nameOf(c)), m.precision()[c], m.recall()[c], m.f1()[c], m.support()[c]));
        }
        h.append("</table>\n");
        h.append("<img src=\"").append(RunDirectory.CONFUSION).append("\" alt=\"confusion matrix\">\n");
        h.append("<h3>Most confident mistakes</h3>\n<img src=\"").append(RunDirectory.MISTAKES).append("\" alt=\"mistakes\">\n");
        return h.toString();
    }
}
