package org.atelier.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Durations;
import org.atelier.util.Json;

/**
 * report.html of a run: metrics, configuration, curves, model summary and, once evaluated, the
 * test results. Built only from the files in the run directory, so it can be rebuilt any time.
 */
public final class RunReport {
    private RunReport() {}

    /**
     * The run's folder name with its model: a study's experiments share models (five train cnn4b), so the
     * picture, seen alone, must say which experiment it is.
     */
    static String curvesTitle(RunDirectory run, TrainConfig config) {
        String name = run.root().getFileName().toString();
        return name.equals(config.model()) ? name : name + " (" + config.model() + ")";
    }

    public static Path write(RunDirectory run) {
        TrainConfig config = run.config();
        List<EpochRecord> history = run.history();
        if (!history.isEmpty()) {
            TrainingCharts.writeCurves(run.file(RunDirectory.CURVES), curvesTitle(run, config), history);
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Atelier run: ")
                .append(esc(run.root().getFileName().toString())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;padding:0 1.5em;max-width:1300px;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}img{max-width:100%;border:1px solid #ddd}")
                .append("pre{background:#f7f7f7;padding:1em;overflow-x:auto;font-size:12px}h2{margin-top:1.6em}")
                .append("</style></head><body>\n");
        html.append("<h1>Atelier run <code>").append(esc(run.root().getFileName().toString())).append("</code></h1>\n");
        RunMetrics metrics = run.metrics().orElse(null);
        html.append(headline(config, metrics, history));
        if (metrics != null) {
            html.append("<h2>Metrics</h2>\n").append(keyValueTable(Json.MAPPER.valueToTree(metrics)));
        }
        if (!history.isEmpty()) {
            html.append("<h2>Training curves</h2>\n<img src=\"").append(RunDirectory.CURVES).append("\" alt=\"training curves\">\n");
            html.append("<p>Training and validation loss are both the plain cross-entropy, so the curves compare the same "
                    + "quantity. The objective column is what training minimised: the cross-entropy with label smoothing and "
                    + "class weights, where the run has them.</p>\n");
            html.append(historyTable(history));
        }
        if (run.has(RunDirectory.AUGMENTATION)) {
            html.append("<h2>Augmentation</h2>\n<p>").append(config.offlineCopies() > 0
                    ? config.offlineCopies() + " augmented copies of the training set were made before training."
                    : "Every training batch is augmented on the fly.").append("</p>\n<img src=\"")
                    .append(RunDirectory.AUGMENTATION).append("\" alt=\"augmented examples\">\n");
        }
        if (run.has(RunDirectory.EVALUATION)) {
            html.append(EvaluationSection.html(run));
        }
        html.append("<h2>Model</h2>\n<pre>").append(esc(readOrEmpty(run.file(RunDirectory.SUMMARY)))).append("</pre>\n");
        html.append("<h2>Configuration</h2>\n<pre>").append(esc(readOrEmpty(run.file(RunDirectory.CONFIG)))).append("</pre>\n");
        html.append("<p>Reproduce: <code>./atelier train --repeat DIR</code>, DIR this run's folder (or its ")
                .append("<code>config.json</code>, which holds every setting and seed), trains a new run with the same settings ")
                .append("and seeds; <code>./atelier train --resume DIR</code> continues this one if it was stopped.</p>\n")
                .append("</body></html>\n");
        Path report = run.file(RunDirectory.REPORT);
        AtomicFiles.writeString(report, html.toString());
        return report;
    }

    private static String headline(TrainConfig config, RunMetrics m, List<EpochRecord> history) {
        StringBuilder h = new StringBuilder("<p>Model <b>").append(esc(config.model())).append("</b> on Fashion-MNIST");
        if (m != null && m.validationAccuracy() != null) {
            h.append(String.format(": best validation accuracy <b>%.2f%%</b> (epoch %d of %d)", 100 * m.validationAccuracy(),
                    m.bestEpoch(), m.epochsRun()));
        } else if (m != null) {
            h.append(String.format(": kept epoch %d of %d (no validation split)", m.bestEpoch(), m.epochsRun()));
        } else if (!history.isEmpty()) {
            // Training writes metrics.json at its end: without it the history is all there is so far.
            h.append(String.format(": <b>unfinished</b>, %d of %d epochs so far", history.size(), config.epochs()));
            EpochRecord.bestByValidation(history).ifPresent(best -> h.append(String.format(
                    "; best validation accuracy so far <b>%.2f%%</b> (epoch %d)", 100 * best.validationAccuracy(), best.epoch())));
        }
        if (m != null && m.evaluated()) {
            h.append(String.format(", test accuracy <b>%.2f%%</b>", 100 * m.testAccuracy()));
        }
        if (m != null && m.trainSeconds() > 0) {
            h.append(String.format("; %s of training at %,.0f images/s", Durations.of(m.trainSeconds()), m.trainImagesPerSecond()));
        }
        return h.append(".</p>\n").toString();
    }

    static String keyValueTable(ObjectNode node) {
        StringBuilder t = new StringBuilder("<table>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            t.append("<tr><th class=\"l\">").append(esc(e.getKey())).append("</th><td>")
                    .append(esc(format(e.getValue()))).append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String format(JsonNode v) {
        if (v.isFloatingPointNumber()) {
            double d = v.asDouble();
            if (Math.abs(d) >= 1000) {
                return String.format("%,.1f", d);
            }
            return d != 0 && Math.abs(d) < 0.01 ? String.format("%.3g", d) : String.format("%.4f", d);
        }
        if (v.isIntegralNumber()) {
            return String.format("%,d", v.asLong());
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static String historyTable(List<EpochRecord> history) {
        StringBuilder t = new StringBuilder("<table>\n<tr><th>epoch</th><th>loss</th><th>accuracy</th><th>val_loss</th>"
                + "<th>val_accuracy</th><th>objective</th><th>learning rate</th><th>seconds</th><th>images/s</th>"
                + "<th>resident MB</th></tr>\n");
        for (EpochRecord r : history) {
            t.append(String.format("<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.2g</td>"
                            + "<td>%.1f</td><td>%,.0f</td><td>%,.0f</td></tr>%n", r.epoch(), r.trainLoss(), r.trainAccuracy(),
                    r.validationLoss(), r.validationAccuracy(), r.trainObjective(), r.learningRate(), r.trainSeconds(),
                    r.imagesPerSecond(), r.residentMegabytes()));
        }
        return t.append("</table>\n").toString();
    }

    static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
