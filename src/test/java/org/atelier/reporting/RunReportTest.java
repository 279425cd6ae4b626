package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.RunFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's page, from its small files alone. */
class RunReportTest {
    @TempDir
    Path tmp;

    @Test
    void theCurvesAreTitledByTheRunsFolderAndItsModelSoThatAStudysExperimentsTellApart() {
        TrainConfig cnn4b = TrainConfig.defaults().toBuilder().model("cnn4b").build();
        assertEquals("cnn4b-augment (cnn4b)", RunReport.curvesTitle(new RunDirectory(tmp.resolve("cnn4b-augment")), cnn4b));
        assertEquals("cnn4b", RunReport.curvesTitle(new RunDirectory(tmp.resolve("cnn4b")), cnn4b));
    }

    @Test
    void theHeadlineGivesTheResultsAndTheTrainingTimeAsPeopleReadIt() throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve("long"), TrainConfig.defaults().toBuilder().model("cnn4b").epochs(2)
                .build(), List.of(new EpochRecord(1, 0.5, 0.80, 0.4, 0.85, 1e-3, 14_835, 81, 0, 0, 0.5, 40),
                new EpochRecord(2, 0.4, 0.90, 0.3, 0.9422, 1e-3, 14_835, 81, 0, 0, 0.4, 40)));
        RunFolders.mergeMetrics(run, Map.of("val_accuracy", 0.9422, "best_epoch", 2, "epochs_run", 2, "test_accuracy", 0.9394,
                "train_seconds", 29_670.0, "train_images_per_second", 80.9));

        String html = Files.readString(RunReport.write(run));

        assertTrue(html.contains("<p>Model <b>cnn4b</b> on Fashion-MNIST: best validation accuracy <b>94.22%</b> (epoch 2 of 2), "
                + "test accuracy <b>93.94%</b>; 8.2 h of training at 81 images/s.</p>"), html);
        assertTrue(html.contains("<code>./atelier train --repeat DIR</code>"), html);
        assertTrue(Files.size(run.file(RunDirectory.CURVES)) > 0, "the curves are drawn");
    }
}
