package org.atelier.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;

/**
 * report.html of a run ({@link RunPage}, laid out by reporting/run.jte) and its training curves.
 * Built only from the files in the run directory, so it can be rebuilt any time.
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
        run.evaluation().filter(e -> e.reliability() != null).ifPresent(e -> Png.write(run.file(RunDirectory.RELIABILITY),
                EvaluationCharts.reliabilityDiagram(e.reliability(), e.reliabilityCalibrated(), e.temperature())));
        Path report = run.file(RunDirectory.REPORT);
        AtomicFiles.writeString(report, Pages.render("reporting/run.jte", RunPage.of(run)));
        return report;
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
