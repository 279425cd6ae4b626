package org.atelier.cli;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.LockHolder;
import org.atelier.testing.PageText;
import org.atelier.testing.RunFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `atelier report`: runs' pages and curves rebuilt from their small files, as published runs keep them. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private RunDirectory run(String name, int epochs, EpochRecord... history) throws IOException {
        return RunFolders.withHistory(tmp.resolve(name), TrainConfig.defaults().toBuilder().set(TrainSettings.MODEL, "miniresnet").set(TrainSettings.EPOCHS, epochs)
                .build(), List.of(history));
    }

    private static EpochRecord epoch(int epoch, double validationAccuracy) {
        return new EpochRecord(epoch, 0.5, 0.9, 0.4, validationAccuracy, 1e-3, 1_600, 30, 0, 0, 0.5, 120);
    }

    @Test
    void rebuildsPagesAndCurvesOfFinishedAndUnfinishedRunsWithoutAddingFiles() throws IOException {
        RunDirectory finished = run("miniresnet", 2, epoch(1, 0.80), epoch(2, 0.9455));
        RunFolders.mergeMetrics(finished, Map.of("val_accuracy", 0.9455, "best_epoch", 2, "epochs_run", 2));
        RunDirectory unfinished = run("miniresnet-label-smoothing", 50, epoch(1, 0.2832), epoch(2, 0.9024), epoch(3, 0.8588));
        RunDirectory unvalidated = run("all-images", 5, epoch(1, Double.NaN));
        Files.writeString(tmp.resolve(ComparisonReport.CSV), "a glob over the folder matches this too\n");

        DataCommandTest.Result r = DataCommandTest.run("report", finished.root().toString(), unfinished.root().toString(),
                unvalidated.root().toString(), tmp.resolve(ComparisonReport.CSV).toString());

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(finished.file(RunDirectory.REPORT) + "\n" + unfinished.file(RunDirectory.REPORT) + "\n"
                + unvalidated.file(RunDirectory.REPORT) + "\n", r.out());
        assertTrue(PageText.of(Files.readString(finished.file(RunDirectory.REPORT))).contains(
                "trained Best validation accuracy 94.55% at epoch 2 of 2; not evaluated on the test set yet."));
        assertTrue(PageText.of(Files.readString(unfinished.file(RunDirectory.REPORT))).contains("unfinished 3 of 50 epochs so far; "
                + "best validation accuracy so far 90.24% at epoch 2."));
        assertTrue(PageText.of(Files.readString(unvalidated.file(RunDirectory.REPORT))).contains(
                "unfinished 1 of 5 epochs so far."));
        for (RunDirectory run : new RunDirectory[] {finished, unfinished, unvalidated}) {
            assertTrue(Files.size(run.file(RunDirectory.CURVES)) > 0, run.root() + ": curves drawn");
            assertFalse(run.has(RunDirectory.LOCK), "no lock file left in a published folder");
        }
    }

    @Test
    void aRunInUseIsRefusedBeforeAnyIsWritten() throws Exception {
        RunDirectory idle = run("idle", 50, epoch(1, 0.8));
        RunDirectory training = run("training", 50, epoch(1, 0.8));
        Process holder = LockHolder.start(training);
        try {
            DataCommandTest.Result r = DataCommandTest.run("report", idle.root().toString(), training.root().toString());
            assertEquals(1, r.exitCode());
            assertEquals("atelier: " + training.root() + " is being trained or evaluated by another atelier process (pid "
                    + holder.pid() + "); its report is written when that ends", r.err().strip());
            assertFalse(idle.has(RunDirectory.REPORT), "nothing written when one run is refused");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        DataCommandTest.Result notRun = DataCommandTest.run("report", tmp.toString());
        assertEquals(1, notRun.exitCode());
        assertEquals("atelier: " + tmp + ": not a run directory (no config.json)", notRun.err().strip());
    }

    /**
     * A run whose metrics.json reads null, or whose history.csv ends mid-line, beside a sound one:
     * report and compare name the damaged file in one line, still write the others, and exit 1.
     */
    @Test
    void damagedRunsAreNamedAndTheOthersStillReportedAndCompared() throws IOException {
        RunDirectory sound = run("sound", 2, epoch(1, 0.80), epoch(2, 0.90));
        RunFolders.mergeMetrics(sound, Map.of("val_accuracy", 0.90, "best_epoch", 2, "epochs_run", 2));
        RunDirectory nullMetrics = run("null-metrics", 2, epoch(1, 0.80), epoch(2, 0.90));
        Files.writeString(nullMetrics.file(RunDirectory.METRICS), "null");
        RunDirectory cut = run("cut", 2, epoch(1, 0.80), epoch(2, 0.90));
        String history = Files.readString(cut.file(RunDirectory.HISTORY));
        Files.writeString(cut.file(RunDirectory.HISTORY), history.substring(0, history.length() - 12));

        DataCommandTest.Result report = DataCommandTest.run("report", nullMetrics.root().toString(), sound.root().toString());
        assertEquals(1, report.exitCode(), report.err());
        assertEquals(sound.file(RunDirectory.REPORT) + "\n", report.out());
        assertEquals("atelier: " + nullMetrics.file(RunDirectory.METRICS) + ": holds no metrics.json object (the file reads 'null')\n",
                report.err());

        DataCommandTest.Result compare = DataCommandTest.run("compare", sound.root().toString(), nullMetrics.root().toString(),
                cut.root().toString(), "--out", tmp.resolve("compared").toString());
        assertEquals(1, compare.exitCode(), compare.err());
        assertTrue(compare.out().endsWith(tmp.resolve("compared").resolve(ComparisonReport.HTML) + "\n"), compare.out());
        assertTrue(compare.out().contains("\nsound "), "the sound run is compared: " + compare.out());
        assertTrue(compare.err().startsWith("atelier: left out of the comparison: " + nullMetrics.file(RunDirectory.METRICS)),
                compare.err());
        assertFalse(compare.err().contains("\tat "), "no stack trace: " + compare.err());
    }

    /** An unknown command is a usage error, whatever follows it. */
    @Test
    void anUnknownCommandWithHelpIsAUsageError() {
        DataCommandTest.Result r = DataCommandTest.run("nosuch", "--help");
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("atelier: unknown command 'nosuch'; the commands are data, models, train,"), r.err());
    }
}
