package org.atelier.cli;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.atelier.config.TrainConfig;
import org.atelier.models.Devices;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.LockHolder;
import org.atelier.testing.TestRuns;
import org.atelier.testing.TestData;
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingRun;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `train --resume` and `--extend-epochs` do with finished, stopped and one-cycle runs, and `--repeat` with any run. */
@Tag("slow")
class ResumeTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--train-limit", "2000", "--validation-limit", "500", "--data",
            TestData.dataDir().toString()};

    private static DataCommandTest.Result train(Path run, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--run-dir", run.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(options));
        return DataCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void optionsBesideResumeAreRefusedNotIgnored() {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run, "--epochs", "1").exitCode());
        DataCommandTest.Result r = DataCommandTest.run("train", "--resume", run.toString(), "--epochs", "3", "--lr", "0.5");
        assertEquals(1, r.exitCode());
        assertEquals("atelier: --resume continues " + run + " with its saved settings (config.json), so --epochs, --lr "
                + "cannot apply; to train it further use --extend-epochs N, for other settings start a new run", r.err().strip());
        DataCommandTest.Result extendAlone = DataCommandTest.run("train", "--extend-epochs", "2");
        assertEquals("atelier: --extend-epochs goes with --resume RUN_DIR", extendAlone.err().strip());
    }

    @Test
    void aFinishedRunSaysSoAndExtendingItMatchesALongerRun() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run, "--epochs", "2").exitCode());
        DataCommandTest.Result again = DataCommandTest.run("train", "--resume", run.toString());
        assertEquals(1, again.exitCode());
        assertEquals("atelier: " + run + " has finished (all 2 epochs); nothing to resume. Train it further with --resume "
                + run + " --extend-epochs N", again.err().strip());

        assertEquals(0, DataCommandTest.run("evaluate", run.toString()).exitCode());
        assertTrue(new RunDirectory(run).metrics().orElseThrow().evaluated());
        // what the evaluation drew, named here rather than taken from RunDirectory's own list
        List<String> pictures = List.of("confusion-matrix.png", "mistakes.png", "mistakes-explained.png",
                "confused-pair-explained.png", "reliability-diagram.png");
        for (String picture : pictures) {
            assertTrue(new RunDirectory(run).has(picture), picture);
        }
        Process holder = LockHolder.start(new RunDirectory(run));
        try {
            DataCommandTest.Result busy = DataCommandTest.run("train", "--resume", run.toString(), "--extend-epochs", "1");
            assertEquals(1, busy.exitCode());
            assertTrue(busy.err().contains("is in use by another atelier process"), busy.err());
            assertEquals(2, new RunDirectory(run).config().epochs(), "a run in use is not extended under its user");
        } finally {
            holder.destroyForcibly().waitFor();
        }

        DataCommandTest.Result extended = DataCommandTest.run("train", "--resume", run.toString(), "--extend-epochs", "1");
        assertEquals(0, extended.exitCode(), extended.err());
        assertTrue(extended.out().contains("extending " + run + " from 2 to 3 epochs (after epoch 2)"), extended.out());
        assertTrue(extended.out().contains("its test evaluation was of the 2-epoch model and is removed; evaluate it again when "
                + "it has finished"), extended.out());
        RunDirectory after = new RunDirectory(run);
        assertFalse(after.has(RunDirectory.EVALUATION), "no test figures of another model");
        for (String picture : pictures) {
            assertFalse(after.has(picture), "no picture of another model: " + picture);
        }
        assertFalse(after.metrics().orElseThrow().evaluated(), after.metrics().toString());
        assertEquals(3, after.metrics().orElseThrow().epochsRun(), "metrics.json is the extended run's");
        TrainConfig saved = new RunDirectory(run).config();
        assertEquals(3, saved.epochs(), "config.json says how long the run now is");
        assertEquals(List.of(new TrainConfig.Extension(2, 3)), saved.extensions());

        Path straight = tmp.resolve("straight");
        assertEquals(0, train(straight, "--epochs", "3").exitCode());
        EpochRecord a = new RunDirectory(straight).history().get(2);
        EpochRecord b = new RunDirectory(run).history().get(2);
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "with the plateau schedule, extending is training longer");
        assertEquals(a.validationAccuracy(), b.validationAccuracy(), 0.0);
    }

    @Test
    void aRepeatedRunHasTheSameNumbersEpochByEpochAndTakesNoOtherTrainingOption() {
        Path original = tmp.resolve("original");
        assertEquals(0, train(original, "--epochs", "2", "--seed", "7", "--augment", "--label-smoothing", "0.1").exitCode());
        Path copy = tmp.resolve("copy");
        DataCommandTest.Result r = DataCommandTest.run("train", "--repeat", original.toString(), "--run-dir", copy.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("repeating " + original.resolve("config.json") + ": baseline, 2 epochs, seed 7"), r.out());
        assertEquals(List.of(), new RunDirectory(copy).config().differencesFrom(new RunDirectory(original).config()),
                "the same settings");
        List<EpochRecord> a = new RunDirectory(original).history();
        List<EpochRecord> b = new RunDirectory(copy).history();
        assertEquals(2, b.size());
        for (int e = 0; e < 2; e++) {
            assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), 0.0, "epoch " + (e + 1));
            assertEquals(a.get(e).validationAccuracy(), b.get(e).validationAccuracy(), 0.0, "epoch " + (e + 1));
        }

        assertFalse(r.out().contains("note:"), "the same thread count: " + r.out());
        // recorded on a machine with 64 threads
        Path config = original.resolve("config.json");
        ObjectNode node = Json.read(config, ObjectNode.class);
        ((ObjectNode) node.get("provenance")).put("threads", 64);
        Json.write(config, node);
        DataCommandTest.Result elsewhere = DataCommandTest.run("train", "--repeat", config.toString(), "--run-dir",
                tmp.resolve("copy2").toString());
        assertEquals(0, elsewhere.exitCode(), elsewhere.err());
        assertTrue(elsewhere.out().contains("note: it was trained with 64 threads and this process has " + Devices.threads()
                + ", so its numbers will differ slightly"), elsewhere.out());

        DataCommandTest.Result other = DataCommandTest.run("train", "--repeat", original.toString(), "--lr", "0.5", "--epochs", "3");
        assertEquals(1, other.exitCode());
        assertEquals("atelier: --repeat trains with the settings of " + original + ", so --lr, --epochs cannot apply; for other "
                + "settings train a new run with them", other.err().strip());
        Path nothing = tmp.resolve("nothing");
        DataCommandTest.Result absent = DataCommandTest.run("train", "--repeat", nothing.toString());
        assertEquals(1, absent.exitCode());
        assertEquals("atelier: " + nothing + ": no such file; --repeat takes a run directory or its config.json", absent.err().strip());
        DataCommandTest.Result taken = DataCommandTest.run("train", "--repeat", original.toString(), "--run-dir", copy.toString());
        assertEquals("atelier: " + copy + " already holds a run; choose another --run-dir", taken.err().strip());
    }

    @Test
    void aOneCycleRunIsNotExtended() {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run, "--epochs", "1", "--schedule", "onecycle").exitCode());
        DataCommandTest.Result r = DataCommandTest.run("train", "--resume", run.toString(), "--extend-epochs", "2");
        assertEquals(1, r.exitCode());
        assertEquals("atelier: " + run + " uses the one-cycle schedule, whose rate has decayed to its end over the 1 epochs it "
                + "was planned for; it cannot be extended. Train a new run with --epochs 3 instead", r.err().strip());
        assertEquals(1, new RunDirectory(run).config().epochs(), "config.json unchanged");
    }

    /** Early stopping at epoch e, then two epochs more: patience starts afresh, and the config replays the same run. */
    @Test
    void anEarlyStoppedRunExtendedGetsAFreshPatienceAndStaysRepeatable() {
        TrainConfig config = TestRuns.smallBaseline(8).toBuilder().set(TrainSettings.LEARNING_RATE, 0.5)
                .plateau(TrainConfig.PlateauConfig.off()).set(TrainSettings.EARLY_STOPPING, 2).build();
        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        var first = new TrainingRun(config, run, ProgressListener.SILENT).train(TestRuns.data(), false);
        assertTrue(first.stoppedEarly(), "the high rate stalls progress: " + first.history());
        int stoppedAt = first.history().size();

        TrainConfig extended = org.atelier.run.RunStanding.of(run).extend(2);
        var second = new TrainingRun(extended, run, ProgressListener.SILENT).train(TestRuns.data(), true);
        assertTrue(second.history().size() >= Math.min(stoppedAt + 2, extended.epochs()),
                "a fresh patience of 2 epochs, not one epoch and stop: " + second.history().size() + " after " + stoppedAt);

        RunDirectory replay = new RunDirectory(tmp.resolve("replay"));
        var straight = new TrainingRun(run.config(), replay, ProgressListener.SILENT).train(TestRuns.data(), false);
        assertEquals(second.history().stream().map(EpochRecord::validationAccuracy).toList(),
                straight.history().stream().map(EpochRecord::validationAccuracy).toList(),
                "config.json replays the extended run");
    }
}
