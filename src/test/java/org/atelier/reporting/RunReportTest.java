package org.atelier.reporting;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.PageText;
import org.atelier.testing.RunFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's page, from its small files alone. */
class RunReportTest {
    @TempDir
    Path tmp;

    @Test
    void theCurvesAreTitledByTheRunsFolderAndItsModelSoThatAStudysExperimentsTellApart() {
        TrainConfig cnn4b = TrainConfig.defaults().toBuilder().set(TrainSettings.MODEL, "cnn4b").build();
        assertEquals("cnn4b-augment (cnn4b)", RunReport.curvesTitle(new RunDirectory(tmp.resolve("cnn4b-augment")), cnn4b));
        assertEquals("cnn4b", RunReport.curvesTitle(new RunDirectory(tmp.resolve("cnn4b")), cnn4b));
    }

    @Test
    void theHeadlineGivesTheResultsAndTheTrainingTimeAsPeopleReadIt() throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve("long"), TrainConfig.defaults().toBuilder().set(TrainSettings.MODEL, "cnn4b").set(TrainSettings.EPOCHS, 2)
                .build(), List.of(new EpochRecord(1, 0.5, 0.80, 0.4, 0.85, 1e-3, 14_835, 81, 0, 0, 0.5, 40),
                new EpochRecord(2, 0.4, 0.90, 0.3, 0.9422, 1e-3, 14_835, 81, 0, 0, 0.4, 40)));
        RunFolders.mergeMetrics(run, Map.of("val_accuracy", 0.9422, "best_epoch", 2, "epochs_run", 2, "test_accuracy", 0.9394,
                "train_seconds", 29_670.0, "train_images_per_second", 80.9));

        String html = Files.readString(RunReport.write(run));

        String text = PageText.of(html);
        assertTrue(text.contains("finished Best validation accuracy 94.22% at epoch 2 of 2; test accuracy 93.94%."), text);
        assertTrue(text.contains("training time 8.2 h 81 images/s, validation excluded"), text);
        assertTrue(html.contains("<code>./atelier train --repeat DIR</code>"), html);
        assertTrue(Files.size(run.file(RunDirectory.CURVES)) > 0, "the curves are drawn");
    }

    /** A run whose training ended in an error is shown as failed, with the error; not as "not started". */
    @Test
    void aFailedRunSaysWhy() throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve("wild"), TrainConfig.defaults(), List.of());
        run.recordFailure("training diverged: the loss became NaN at step 3 of epoch 1");

        String text = PageText.of(Files.readString(RunReport.write(run)));

        assertTrue(text.contains("failed Training ended in an error: training diverged: the loss became NaN at step 3 of epoch 1."),
                text);
        assertFalse(text.contains("not started"), text);
    }

    /** history.csv is written in whole lines: one cut mid-line is named as cut, not read as good data. */
    @Test
    void aHistoryCutMidLineIsDamage() throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve("cut"), TrainConfig.defaults(),
                List.of(new EpochRecord(1, 0.5, 0.80, 0.4, 0.85, 1e-3, 20, 81, 0, 600, 0.5, 4)));
        String csv = Files.readString(run.file(RunDirectory.HISTORY));
        // cut within the last field: 10 fields still parse, resident_mb of "6" would be taken for 600
        Files.writeString(run.file(RunDirectory.HISTORY), csv.substring(0, csv.length() - 7));
        org.atelier.util.UserException e = org.junit.jupiter.api.Assertions.assertThrows(org.atelier.util.UserException.class,
                run::history);
        assertEquals(run.file(RunDirectory.HISTORY) + " is cut short: its last line has no line end", e.getMessage());
        assertEquals(java.util.Optional.of(e.getMessage()), run.damage());
    }

    /** A machine whose default locale writes decimal commas still gets 91.04%, not 91,04%, in every page and chart. */
    @Test
    void numbersReadTheSameUnderAGermanLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            RunDirectory run = RunFolders.withHistory(tmp.resolve("german"), TrainConfig.defaults(),
                    List.of(new EpochRecord(1, 0.5, 0.80, 0.4, 0.9104, 1e-3, 1_234.5, 4_321, 0, 0, 0.5, 40)));
            RunFolders.mergeMetrics(run, Map.of("val_accuracy", 0.9104, "best_epoch", 1, "epochs_run", 1, "params", 225_034,
                    "flops_per_image", 5_262_080, "train_seconds", 1_234.5, "train_images_per_second", 4_321.0));
            String text = PageText.of(Files.readString(RunReport.write(run)));
            assertTrue(text.contains("Best validation accuracy 91.04% at epoch 1 of 1"), text);
            assertTrue(text.contains("225,034") && text.contains("5.3 MFLOPs") && text.contains("4,321 images/s"), text);
            assertFalse(text.matches(".*\\d,\\d\\d%.*"), "no decimal comma: " + text);
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
