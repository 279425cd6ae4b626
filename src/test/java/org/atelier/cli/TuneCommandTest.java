package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestData;
import org.atelier.tune.TuneFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `atelier tune` and `atelier train --config` as a user types them. */
class TuneCommandTest {
    @TempDir
    Path tmp;

    private Path space() throws Exception {
        return Files.writeString(tmp.resolve("space.yaml"), "fixed: {model: baseline, train-limit: 500, validation-limit: 200, "
                + "data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {loguniform: [0.0005, 0.01]}\n");
    }

    @Test
    void aDryRunPrintsTheRungsAndEachTrialsDraw() throws Exception {
        DataCommandTest.Result r = DataCommandTest.run("tune", space().toString(), "--dry-run", "--trials", "2", "--seed", "3");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("rungs at [1, 3, 9] epochs; up to 2 trials", lines[0]);
        assertTrue(lines[1].matches("trial-001  lr=[0-9.e-]+"), lines[1]);
        assertTrue(lines[2].matches("trial-002  lr=[0-9.e-]+"), lines[2]);
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path space = space();
        DataCommandTest.Result metric = DataCommandTest.run("tune", space.toString(), "--metric", "acc", "--dry-run");
        assertEquals(2, metric.exitCode());
        assertTrue(metric.err().startsWith("atelier: Invalid value for option '--metric': must be one of val_loss, val_accuracy, "
                + "got acc"), metric.err());
        DataCommandTest.Result grace = DataCommandTest.run("tune", space.toString(), "--grace-epochs", "12", "--dry-run");
        assertEquals("atelier: --grace-epochs must be from 1 to --max-epochs (9), got 12", grace.err().strip());
        Path withEpochs = Files.writeString(tmp.resolve("e.yaml"), "fixed: {epochs: 5}\nsearch: {lr: {uniform: [0.001, 0.01]}}\n");
        DataCommandTest.Result epochs = DataCommandTest.run("tune", withEpochs.toString(), "--dry-run");
        assertEquals("atelier: search space " + withEpochs + ": a trial's full length is tune's --max-epochs, not a setting of "
                + "the space", epochs.err().strip());
        Path noSplit = Files.writeString(tmp.resolve("v.yaml"), "fixed: {validation-fraction: 0, data: '" + TestData.dataDir()
                + "'}\nsearch: {lr: {uniform: [0.001, 0.01]}}\n");
        DataCommandTest.Result split = DataCommandTest.run("tune", noSplit.toString(), "--dry-run");
        assertEquals("atelier: tune ranks trials on the validation split, and validation-fraction 0 leaves none", split.err().strip());
    }

    /** A search's best.yaml trains with train --config; an option on the command line wins over the file's. */
    @Test
    @Tag("slow")
    void theBestTrialTrainsAgainFromBestYaml() throws Exception {
        Path out = tmp.resolve("search");
        DataCommandTest.Result tune = DataCommandTest.run("tune", space().toString(), "--out", out.toString(), "--trials", "3",
                "--max-epochs", "2", "--reduction-factor", "2");
        assertEquals(0, tune.exitCode(), tune.err());
        assertTrue(tune.out().contains("best: trial "), tune.out());
        Path best = out.resolve(TuneFolder.BEST);
        String yaml = Files.readString(best);
        assertTrue(yaml.contains("\nmodel: baseline\n") && yaml.contains("\nepochs: 2\n") && yaml.contains("\nseed: 42\n"), yaml);

        Path run = tmp.resolve("again");
        DataCommandTest.Result train = DataCommandTest.run("train", "--config", best.toString(), "--epochs", "1", "--run-dir",
                run.toString());
        assertEquals(0, train.exitCode(), train.err());
        RunDirectory again = new RunDirectory(run);
        assertEquals(1, again.config().epochs(), "--epochs on the command line wins over the file's 2");
        assertEquals("baseline", again.config().model());
        assertEquals(500, again.config().trainLimit());

        // the same search again has nothing left to do, and says where its results are
        DataCommandTest.Result rerun = DataCommandTest.run("tune", space().toString(), "--out", out.toString(), "--trials", "3",
                "--max-epochs", "2", "--reduction-factor", "2");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(!rerun.out().contains("trains"), rerun.out());
    }

    @Test
    void aBadSettingsFileIsOneLine() throws Exception {
        Path twice = Files.writeString(tmp.resolve("twice.yaml"), "lr: 0.002\nlearning-rate: 0.001\n");
        assertEquals("atelier: settings file " + twice + ": 'lr' and 'learning-rate' name the same setting; give it once",
                DataCommandTest.run("train", "--config", twice.toString()).err().strip());
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "epochs: -1\n");
        assertEquals("atelier: 'epochs' in " + bad + " must be at least 1, got -1",
                DataCommandTest.run("train", "--config", bad.toString()).err().strip());
        Path list = Files.writeString(tmp.resolve("list.yaml"), "- lr\n");
        assertEquals("atelier: settings file " + list + " must map train's options to values, e.g. {model: fastnet, lr: 0.002}",
                DataCommandTest.run("train", "--config", list.toString()).err().strip());
    }
}
