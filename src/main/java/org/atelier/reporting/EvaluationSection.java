package org.atelier.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.atelier.data.FashionClass;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;

/** The test-set part of a run's report, from evaluation.json; present once `atelier evaluate` has run. */
final class EvaluationSection {
    private EvaluationSection() {}

    static String html(RunDirectory run) {
        ObjectNode e = Json.read(run.file(RunDirectory.EVALUATION), ObjectNode.class);
        JsonNode m = e.path("metrics");
        StringBuilder h = new StringBuilder("<h2>Test set</h2>\n");
        h.append(String.format("<p>Test accuracy <b>%.2f%%</b> on %,d held-out images (%,.0f images/s in inference)",
                100 * e.path("test_accuracy").asDouble(), e.path("test_images").asInt(),
                e.path("inference_images_per_second").asDouble()));
        TestTimeAugmentation tta = TestTimeAugmentation.byName(e.path("tta").asText("none"));
        if (tta != TestTimeAugmentation.NONE) {
            h.append(String.format("; %.2f%% with test-time augmentation '%s' (each prediction the mean over %d views of the image)",
                    100 * e.path("test_accuracy_tta").asDouble(), tta.id(), tta.views().size()));
        }
        h.append(".</p>\n");
        h.append("<table>\n<tr><th class=\"l\">class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (int c = 0; c < FashionClass.COUNT; c++) {
            h.append(String.format("<tr><td class=\"l\">%d %s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>%n",
                    c, RunReport.esc(FashionClass.nameOf(c)), m.path("precision").path(c).asDouble(),
                    m.path("recall").path(c).asDouble(), m.path("f1").path(c).asDouble(), m.path("support").path(c).asInt()));
        }
        h.append("</table>\n");
        h.append("<img src=\"").append(RunDirectory.CONFUSION).append("\" alt=\"confusion matrix\">\n");
        h.append("<h3>Most confident mistakes</h3>\n<img src=\"").append(RunDirectory.MISTAKES).append("\" alt=\"mistakes\">\n");
        return h.toString();
    }
}
