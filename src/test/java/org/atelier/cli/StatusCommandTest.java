package org.atelier.cli;

import org.atelier.config.TrainSettings;
import org.atelier.testing.RunFolders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.study.Study;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SweepFolder;
import org.atelier.testing.PartialCheckpoint;
import org.atelier.run.TrainingState;
import org.atelier.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status on a study folder part-way: one experiment finished, one interrupted, two not started (one
 * of them timed by the interrupted one's epochs: the same model, batch and data).
 */
class StatusCommandTest {
    @TempDir
    Path tmp;

    private static void history(RunDirectory run, double validation, double... seconds) {
        List<EpochRecord> history = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            history.add(new EpochRecord(i + 1, 0.5, 0.8, 0.4, validation - 0.01 * (seconds.length - 1 - i), 1e-3, seconds[i],
                    100, 0, 0, 0.5, 40));
        }
        run.writeHistory(history);
    }

    @Test
    void aStudyPartWaySaysWhereEachExperimentStandsAndTheTrainingTimeLeft() throws Exception {
        TrainConfig ten = TrainConfig.defaults();
        TrainConfig fifty = ten.toBuilder().set(TrainSettings.MODEL, "cnn4b").set(TrainSettings.EPOCHS, 50).build();
        SweepFolder folder = Study.folder(tmp);
        folder.prepare(List.of(new RunSpec("baseline", "first", ten), new RunSpec("cnn4b", "second", fifty),
                new RunSpec("miniresnet", "third", fifty.toBuilder().set(TrainSettings.MODEL, "miniresnet").build()),
                new RunSpec("cnn4b-weighted", "fourth", fifty.toBuilder().classWeights(new double[] {1.5, 1, 1, 1, 1, 1, 2, 1, 1, 1})
                        .build())));
        RunDirectory done = folder.finished("baseline");
        Files.createDirectories(done.root());
        done.writeConfig(ten.resolved());
        history(done, 0.9104, 25, 25);
        RunFolders.mergeMetrics(done, Map.of("test_accuracy", 0.9052));
        Json.write(done.file(RunDirectory.EVALUATION), Map.of("test_accuracy", 0.9052));
        RunDirectory cut = folder.partial("cnn4b");
        Files.createDirectories(cut.root());
        cut.writeConfig(fifty.resolved());
        history(cut, 0.9373, 510, 530, 520);
        // saved 200 of 375 batches into its fourth epoch, trained for 280 s
        PartialCheckpoint.write(cut, 3, new TrainingState.EpochSoFar(200, 375, 100, 100, 18_000, 25_600, 280, 0));

        DataCommandTest.Result r = DataCommandTest.run("status", tmp.toString());

        assertEquals(0, r.exitCode(), r.err());
        // cnn4b's epochs take 550, 570 and 560 s with validation: 47 left at the median 560 s are 26,320 s,
        // less the 280 s its save holds of the fourth: 26,040 s; cnn4b-weighted: 50 at the same pace, 28,000 s.
        assertEquals(tmp + ": 1 of 4 finished\n"
                + "  baseline        finished                 2/10 epochs  best val 91.04% (epoch 2)  test 90.52%\n"
                + "  cnn4b           interrupted              3/50 epochs + 200/375 batches saved  best val 93.73% (epoch 3)  "
                + "~9 min per epoch, ~7.2 h to go\n"
                + "  miniresnet      not started              0/50 epochs\n"
                + "  cnn4b-weighted  not started              0/50 epochs  ~9 min per epoch (pace of cnn4b), ~7.8 h to go\n"
                + "  ~15.0 h of training to go, and miniresnet not timed yet (no epoch trained; BENCHMARKS.md has each "
                + "model's pace)\n", r.out().replace(System.lineSeparator(), "\n"));
    }

    /** A study whose finished run has a history cut mid-line still shows its other runs, and names the damaged one. */
    @Test
    void aDamagedRunInAStudyIsNamedAndTheOthersShown() throws Exception {
        TrainConfig ten = TrainConfig.defaults();
        SweepFolder folder = Study.folder(tmp);
        folder.prepare(List.of(new RunSpec("baseline", "first", ten),
                new RunSpec("cnn4b", "second", ten.toBuilder().set(TrainSettings.MODEL, "cnn4b").build())));
        RunDirectory damaged = folder.finished("baseline");
        Files.createDirectories(damaged.root());
        damaged.writeConfig(ten.resolved());
        history(damaged, 0.9104, 25, 25);
        String csv = Files.readString(damaged.file(RunDirectory.HISTORY));
        Files.writeString(damaged.file(RunDirectory.HISTORY), csv.substring(0, csv.length() - 20));

        DataCommandTest.Result r = DataCommandTest.run("status", tmp.toString());

        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(tmp + ": 0 of 2 finished", lines.get(0));
        assertTrue(lines.get(1).matches("  cnn4b +not started +0/10 epochs.*"), r.out());
        assertTrue(lines.get(2).startsWith("  baseline  cannot be read: " + damaged.file(RunDirectory.HISTORY)), r.out());
        assertTrue(lines.get(4).startsWith("  and 1 run cannot be read: repair the file named"), r.out());

        // given beside others, a run that cannot be read is named and the others shown; the exit says not all were
        DataCommandTest.Result several = DataCommandTest.run("status", damaged.root().toString(), tmp.resolve("nothing").toString(),
                tmp.resolve(SweepFolder.STUDY_PLAN).toString(), tmp.toString());
        assertEquals(1, several.exitCode());
        assertTrue(several.out().contains(tmp + ": 0 of 2 finished"), several.out());
        List<String> errors = several.err().lines().toList();
        assertEquals(3, errors.size(), several.err());
        assertTrue(errors.get(0).startsWith("atelier: " + damaged.file(RunDirectory.HISTORY)), several.err());
        assertEquals("atelier: " + tmp.resolve("nothing") + ": no such folder", errors.get(1));
        assertTrue(errors.get(2).endsWith(" is a file; status reads a run directory, a study or sweep folder, or a folder of them"));
    }

    /** In a folder of runs (what a bare `status` shows), a failed run says why under its line. */
    @Test
    void aFailedRunInAFolderOfRunsSaysWhy() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        RunDirectory failed = new RunDirectory(Files.createDirectories(runs.resolve("wild")));
        failed.writeConfig(TrainConfig.defaults().resolved());
        failed.recordFailure("training diverged: the loss became NaN at step 3 of epoch 1");
        RunDirectory fine = new RunDirectory(Files.createDirectories(runs.resolve("calm")));
        fine.writeConfig(TrainConfig.defaults().resolved());
        history(fine, 0.9, 20);

        DataCommandTest.Result r = DataCommandTest.run("status", runs.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(runs + ": 2 runs\n"
                + "  calm  interrupted              1/10 epochs  best val 90.00% (epoch 1)  ~60 s per epoch, ~9 min to go\n"
                + "  wild  failed                   0/10 epochs\n"
                + "        training diverged: the loss became NaN at step 3 of epoch 1\n", r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aDirectoryThatIsNeitherARunNorAFolderIsAUserError() {
        DataCommandTest.Result r = DataCommandTest.run("status", tmp.resolve("nothing").toString());
        assertEquals(1, r.exitCode());
        assertEquals("atelier: " + tmp.resolve("nothing") + ": no such folder\n", r.err().replace(System.lineSeparator(), "\n"));
    }

    /** A folder of runs (runs/, say): a line per run, a damaged one said as such beside the others, a study as its block. */
    @Test
    void aFolderOfRunsListsEachRunAndEachStudy() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        TrainConfig ten = TrainConfig.defaults();
        RunDirectory a = new RunDirectory(Files.createDirectories(runs.resolve("a-baseline")));
        a.writeConfig(ten.resolved());
        history(a, 0.9104, 25, 25);
        RunDirectory b = new RunDirectory(Files.createDirectories(runs.resolve("b-baseline")));
        b.writeConfig(ten.resolved());
        Files.writeString(b.file(RunDirectory.HISTORY), "epoch,loss\n1,not-a-number\n");
        Files.createDirectories(runs.resolve("not-a-run"));
        SweepFolder study = Study.folder(runs.resolve("study"));
        study.prepare(List.of(new RunSpec("baseline", "first", ten)));

        DataCommandTest.Result r = DataCommandTest.run("status", runs.toString());

        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(runs + ": 2 runs", lines.get(0));
        // each epoch 25 s of training and 40 of validation: 8 left at 65 s are 520 s
        assertEquals("  a-baseline  interrupted              2/10 epochs  best val 91.04% (epoch 2)  ~65 s per epoch, ~9 min to go",
                lines.get(1));
        assertEquals("  b-baseline  cannot be read: " + b.file(RunDirectory.HISTORY) + " is damaged at line 2: 2 fields where a "
                + "row has 10 to 12", lines.get(2));
        assertEquals(runs.resolve("study") + ": 0 of 1 finished", lines.get(3));
        assertEquals("  baseline  not started              0/10 epochs", lines.get(4));
        assertEquals(6, lines.size(), r.out());
    }

    /** With no folder given, status reads runs/ where it is started; without one it says what to do. */
    @Test
    void withoutAnArgumentItReadsRuns() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), org.atelier.cli.AtelierCli.class.getName(), "status");
        Process none = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String said = new String(none.getInputStream().readAllBytes());
        assertEquals(1, none.waitFor(), said);
        assertEquals("atelier: runs: no such folder (train a run first, or give a run directory, study or sweep folder)", said.trim());

        RunDirectory a = new RunDirectory(Files.createDirectories(tmp.resolve("runs/a")));
        a.writeConfig(TrainConfig.defaults().resolved());
        history(a, 0.9104, 25, 25);
        Process some = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String listed = new String(some.getInputStream().readAllBytes());
        assertEquals(0, some.waitFor(), listed);
        assertTrue(listed.startsWith("runs: 1 run\n  a  interrupted"), listed);
    }
}
