package org.atelier.training;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atelier.config.DropoutSeeds;
import org.atelier.config.OptimizerKind;
import org.atelier.config.Schedule;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.models.Classifier;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.testing.TestRuns;
import org.atelier.testing.TestData;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class TrainingRunTest {
    @TempDir
    Path tmp;

    private TrainingResult train(TrainConfig config, Path dir, boolean resume) {
        return new TrainingRun(config, new RunDirectory(dir), ProgressListener.SILENT).train(TestRuns.data(), resume);
    }

    @Test
    void lossFallsAndAccuracyRisesOnARealSubset() {
        TrainingResult r = train(TestRuns.smallBaseline(3), tmp.resolve("run"), false);
        List<EpochRecord> h = r.history();
        assertEquals(3, h.size());
        assertTrue(h.get(2).trainLoss() < h.get(0).trainLoss() * 0.8, "training loss falls: " + h);
        assertTrue(h.get(2).validationLoss() < h.get(0).validationLoss(), "validation loss falls: " + h);
        assertTrue(r.bestValidationAccuracy() > 0.6, "well above chance (0.10) after 36 steps: " + r.bestValidationAccuracy());
    }

    /** With a moving average, the averaged weights are what is validated and saved. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.9})
    void savedParametersReproduceTheValidationAccuracyExactly(double ema) {
        TrainingResult r = train(TestRuns.smallBaseline(2).toBuilder().set(TrainSettings.EMA, ema).build(), tmp.resolve("run"), false);
        ImageSet validation = TestRuns.data().validation().first(1000);
        try (TrainedModel a = TrainedModel.load(r.run()); TrainedModel b = TrainedModel.load(r.run())) {
            float[][] pa = a.classifier().probabilities(validation);
            float[][] pb = b.classifier().probabilities(validation);
            assertTrue(Arrays.deepEquals(pa, pb), "two loads predict identically");
            double accuracy = Classifier.lossAndAccuracy(pa, validation.labels())[1];
            assertEquals(r.bestValidationAccuracy(), accuracy, 0.0, "best.params is the best epoch's model");
        }
    }

    @ParameterizedTest
    @CsvSource({"ADAM, 0", "SGD, 0", "ADAM, 0.9"})
    void resumingContinuesFromTheSavedEpochExactly(OptimizerKind optimizer, double ema) {
        TrainConfig config = TestRuns.smallBaseline(3).toBuilder().set(TrainSettings.OPTIMIZER, optimizer).set(TrainSettings.EMA, ema)
                .set(TrainSettings.LEARNING_RATE, optimizer == OptimizerKind.SGD ? 0.02 : null).build();
        TrainingResult straight = train(config, tmp.resolve("straight"), false);
        Path interrupted = tmp.resolve("interrupted");
        train(config.toBuilder().set(TrainSettings.EPOCHS, 2).build(), interrupted, false);
        RunDirectory run = new RunDirectory(interrupted);
        List<EpochRecord> before = run.history();
        List<List<EpochRecord>> told = new ArrayList<>();
        ProgressListener hearsResume = new ProgressListener() {
            @Override
            public void onResume(List<EpochRecord> history) {
                told.add(history);
            }
        };
        TrainingResult resumed = new TrainingRun(run.config().toBuilder().set(TrainSettings.EPOCHS, 3).build(), run, hearsResume)
                .train(TestRuns.data(), true);

        assertEquals(1, told.size(), "the listener hears of the resume once");
        assertEquals(before.stream().map(EpochRecord::toCsv).toList(), told.get(0).stream().map(EpochRecord::toCsv).toList(),
                "the epochs before the resume, as history.csv has them");
        assertEquals(3, resumed.history().size());
        JsonNode resumption = Json.read(run.file(RunDirectory.CONFIG), ObjectNode.class).path("resumes").path(0);
        assertEquals(2, resumption.path("after_epoch").asInt(), resumption.toString());
        assertFalse(resumption.has("after_batch"), "resumed at an epoch's end: " + resumption);
        List<EpochRecord> history = run.history();
        assertEquals(List.of(1, 2, 3), history.stream().map(EpochRecord::epoch).toList());
        for (int e = 0; e < 2; e++) {
            assertEquals(straight.history().get(e).validationLoss(), history.get(e).validationLoss(), 1e-6,
                    "a shorter run is the first epochs of a longer one (what study --epochs relies on)");
        }
        // Same seeds per epoch and restored optimizer state (Adam's moments, SGD's velocity) and
        // weight average: epoch 3 is what an uninterrupted run gets.
        EpochRecord a = straight.history().get(2);
        EpochRecord b = resumed.history().get(2);
        assertEquals(a.trainLoss(), b.trainLoss(), 1e-6);
        assertEquals(a.validationAccuracy(), b.validationAccuracy(), 0.0);
        assertEquals(a.validationLoss(), b.validationLoss(), 1e-6);
    }

    /**
     * Stopped after any batch (Ctrl-C), crashed between saves, or crashed in validation (the epoch's
     * batches saved before it), a run resumes exactly where its save stands: the same epoch records
     * and the same final parameters, byte for byte, as a run never stopped; also a run whose dropout
     * masks are seeded once per epoch (saved before per-batch seeds), whose resumption draws the
     * masks of the epoch's trained batches again.
     */
    @ParameterizedTest
    @CsvSource({"stop, PER_BATCH, batch 7 of 15 of epoch 2 (of 2)", "crash, PER_BATCH, batch 6 of 15 of epoch 2 (of 2)",
            "stop, PER_EPOCH, batch 7 of 15 of epoch 2 (of 2)", "crash, PER_EPOCH, batch 6 of 15 of epoch 2 (of 2)",
            "validation, PER_BATCH, 'batch 15 of 15 of epoch 2 (of 2), before its validation'",
            "validation, PER_EPOCH, 'batch 15 of 15 of epoch 2 (of 2), before its validation'"})
    void aRunStoppedMidEpochResumesExactlyWhereItsSaveStands(String how, DropoutSeeds seeds, String saved) throws Exception {
        TrainConfig config = TestRuns.smallBaseline(2).toBuilder().set(TrainSettings.MODEL, "cnn4b-lite").set(TrainSettings.BATCH_SIZE, 100).limits(1500, 500)
                .dropoutSeeds(seeds).build();
        TrainingResult straight = train(config, tmp.resolve("straight"), false);
        RunDirectory cut = new RunDirectory(tmp.resolve("cut"));
        TrainingRun[] training = new TrainingRun[1];
        ProgressListener breaksInEpoch2 = new ProgressListener() {
            int epoch;

            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                this.epoch = epoch;
            }

            @Override
            public void onValidation(int epoch, int images) {
                if (epoch == 2 && how.equals("validation")) {
                    throw new IllegalStateException("crashed in validation, with no save for 10 minutes");
                }
            }

            @Override
            public void onBatch(int batch, double loss, double accuracy, double imagesPerSecond) {
                if (epoch == 2 && batch == 7 && !how.equals("validation")) {
                    if (how.equals("crash")) {
                        throw new IllegalStateException("crashed in batch 7, before its save");
                    }
                    training[0].stopRequest().request();
                }
            }
        };
        // Saving after every batch for the crash; for the stop, only the request makes it save mid-epoch; in validation,
        // only the save before it.
        training[0] = new TrainingRun(config, cut, breaksInEpoch2).savingEvery(how.equals("crash") ? Duration.ZERO
                : Duration.ofDays(1));
        RuntimeException e = assertThrows(RuntimeException.class, () -> training[0].train(TestRuns.data(), false));
        if (how.equals("stop")) {
            assertEquals(TrainingStopped.class, e.getClass());
            assertEquals("stopped after batch 7 of 15 of epoch 2; " + cut.root() + " keeps its training up to " + saved,
                    e.getMessage());
        }
        assertEquals(saved, org.atelier.run.RunStanding.of(cut).savedPoint());

        TrainingResult resumed = new TrainingRun(cut.config(), cut, ProgressListener.SILENT).train(TestRuns.data(), true);
        assertEquals(figures(new RunDirectory(tmp.resolve("straight")).history().get(0)),
                figures(resumed.history().get(0)), "epoch 1, as saved");
        assertEquals(figures(straight.history().get(1)), figures(resumed.history().get(1)),
                "epoch 2 as measured, not rounded to history.csv's digits");
        assertEquals(-1, Files.mismatch(tmp.resolve("straight").resolve(RunDirectory.LAST_PARAMS),
                cut.file(RunDirectory.LAST_PARAMS)), "the same final parameters");
        JsonNode resumption = Json.read(cut.file(RunDirectory.CONFIG), ObjectNode.class).path("resumes").path(0);
        assertEquals(1, resumption.path("after_epoch").asInt(), resumption.toString());
        assertEquals(Integer.parseInt(saved.replaceAll("^batch (\\d+) .*", "$1")), resumption.path("after_batch").asInt(-1),
                "config.json records the batch the resumption went on from: " + resumption);
    }

    /** An epoch's figures without its timings. */
    private static List<Double> figures(EpochRecord e) {
        return List.of(e.trainLoss(), e.trainObjective(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                e.learningRate());
    }

    /**
     * Training and validation losses are the same quantity (plain cross-entropy); the objective,
     * with the class weights, is recorded beside them. Class weights of 2 double the objective:
     * a trainer that ignored the weights would fail here.
     */
    @Test
    void classWeightsReachTheObjectiveAndTheLossStaysPlainCrossEntropy() {
        double[] twos = new double[10];
        java.util.Arrays.fill(twos, 2.0);
        TrainingResult r = train(TestRuns.smallBaseline(1).toBuilder().classWeights(twos).build(), tmp.resolve("run"), false);
        EpochRecord e = r.history().get(0);
        assertEquals(2 * e.trainLoss(), e.trainObjective(), 1e-5, "objective = 2 x cross-entropy on every batch");
        TrainingResult plain = train(TestRuns.smallBaseline(1).toBuilder().set(TrainSettings.LABEL_SMOOTHING, 0.1).build(), tmp.resolve("smooth"),
                false);
        EpochRecord s = plain.history().get(0);
        assertTrue(s.trainObjective() > s.trainLoss(), "smoothing adds to the objective, not to the reported loss: " + s);
    }

    /**
     * A run paused after its first epochs (a tuning search's rung) and trained on later is the run
     * trained straight: a one-cycle schedule planned for all its epochs, the same numbers epoch by epoch.
     */
    @Test
    void aRunPausedAtAnEpochAndTrainedOnIsTheRunTrainedStraight() {
        TrainConfig config = TestRuns.smallBaseline(3).toBuilder().set(TrainSettings.SCHEDULE_KIND, Schedule.ONE_CYCLE)
                .set(TrainSettings.LEARNING_RATE, 0.004).build();
        TrainingResult straight = train(config, tmp.resolve("straight"), false);
        RunDirectory paused = new RunDirectory(tmp.resolve("paused"));
        assertTrue(new TrainingRun(config, paused, ProgressListener.SILENT).trainUntil(TestRuns.data(), false, 1).isEmpty(),
                "paused after epoch 1: not finished");
        assertFalse(paused.has(RunDirectory.METRICS), "no metrics.json: the run is unfinished, not done");
        assertEquals(1, paused.history().size());
        assertTrue(new TrainingRun(config, paused, ProgressListener.SILENT).trainUntil(TestRuns.data(), true, 2).isEmpty());
        TrainingResult finished = new TrainingRun(config, paused, ProgressListener.SILENT).trainUntil(TestRuns.data(), true, 3)
                .orElseThrow();
        // the same numbers, the earlier epochs read back from history.csv's 6 decimals
        for (int e = 0; e < 3; e++) {
            List<Double> a = figures(straight.history().get(e));
            List<Double> b = figures(finished.history().get(e));
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), 1e-6, "epoch " + (e + 1) + ", figure " + i);
            }
        }
    }

    /** Everything that must survive a resume at once: one-cycle, augmentation, smoothing, no validation split. */
    @Test
    void resumingOneCycleAugmentedSmoothedRunsWithoutValidationIsExact() {
        TrainConfig config = TestRuns.smallBaseline(3).toBuilder().set(TrainSettings.SCHEDULE_KIND, Schedule.ONE_CYCLE).set(TrainSettings.LEARNING_RATE, 0.004)
                .augment(org.atelier.augmentation.AugmentConfig.study()).set(TrainSettings.LABEL_SMOOTHING, 0.1).limits(2000, 0).build();
        PreparedData all = PreparedData.split(TestData.real(), new DataConfig(DataLocator.DEBIAN_DIR, 0, 42),
                new DataLocator.Located(DataLocator.DEBIAN_DIR, "test"));
        TrainingResult straight = new TrainingRun(config, new RunDirectory(tmp.resolve("straight")), ProgressListener.SILENT)
                .train(all, false);
        RunDirectory cut = new RunDirectory(tmp.resolve("cut"));
        ProgressListener crashAfterTwo = new ProgressListener() {
            @Override
            public void onEpochEnd(EpochRecord record, boolean best) {
                if (record.epoch() == 2) {
                    throw new IllegalStateException("crashed after the checkpoint of epoch 2");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new TrainingRun(config, cut, crashAfterTwo).train(all, false));
        TrainingResult resumed = new TrainingRun(cut.config(), cut, ProgressListener.SILENT).train(all, true);
        EpochRecord a = straight.history().get(2);
        EpochRecord b = resumed.history().get(2);
        assertEquals(a.learningRate(), b.learningRate(), 0.0, "the one-cycle schedule goes on where it was");
        assertEquals(a.trainLoss(), b.trainLoss(), 1e-6);
        assertEquals(a.trainObjective(), b.trainObjective(), 1e-6);
        assertEquals(3, resumed.bestEpoch(), "without validation the last epoch is kept");
    }

    @Test
    void movingAverageLeavesTrainingAloneAndIsWhatTheRunKeeps() {
        TrainConfig config = TestRuns.smallBaseline(2);
        TrainingResult plain = train(config, tmp.resolve("plain"), false);
        TrainingResult averaged = train(config.toBuilder().set(TrainSettings.EMA, 0.9).build(), tmp.resolve("averaged"), false);
        for (int e = 0; e < 2; e++) {
            assertEquals(plain.history().get(e).trainLoss(), averaged.history().get(e).trainLoss(), 0.0,
                    "the live weights train exactly as without the average");
        }
        ImageSet validation = TestRuns.data().validation().first(1000);
        try (TrainedModel a = TrainedModel.load(plain.run()); TrainedModel b = TrainedModel.load(averaged.run())) {
            assertFalse(Arrays.deepEquals(a.classifier().probabilities(validation), b.classifier().probabilities(validation)),
                    "the saved model is the average, not the live weights");
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpoch() {
        // A learning rate this high makes progress stall, so patience 1 ends the run early.
        TrainConfig base = TestRuns.smallBaseline(8);
        TrainConfig config = base.toBuilder().set(TrainSettings.LEARNING_RATE, 0.5).plateau(TrainConfig.PlateauConfig.off())
                .set(TrainSettings.EARLY_STOPPING, 1).build();
        TrainingResult r = train(config, tmp.resolve("run"), false);
        assertTrue(r.stoppedEarly(), "stopped early: " + r.history());
        assertTrue(r.history().size() < 8);
        assertEquals(r.bestEpoch() + 1, r.history().size(), "stops one epoch (the patience) after the best");
        double best = r.history().stream().mapToDouble(EpochRecord::validationAccuracy).max().orElseThrow();
        assertEquals(best, r.bestValidationAccuracy(), 0.0);
        assertFalse(Double.isNaN(r.trainImagesPerSecond()));
    }

    @Test
    void oneCycleWithoutValidationSplitTrainsOnEverythingAndKeepsTheLastEpoch() {
        TrainConfig config = TestRuns.smallBaseline(2).toBuilder().set(TrainSettings.SCHEDULE_KIND, Schedule.ONE_CYCLE)
                .set(TrainSettings.LEARNING_RATE, 0.004).limits(3000, 0).build();
        PreparedData all = PreparedData.split(TestData.real(), new DataConfig(DataLocator.DEBIAN_DIR, 0, 42),
                new DataLocator.Located(DataLocator.DEBIAN_DIR, "test"));
        assertEquals(0, all.validation().size());
        TrainingResult r = new TrainingRun(config, new RunDirectory(tmp.resolve("run")), ProgressListener.SILENT).train(all, false);
        assertEquals(2, r.bestEpoch(), "with nothing to validate on, the last epoch is kept");
        assertTrue(Double.isNaN(r.history().get(1).validationAccuracy()));
        assertEquals(0.004 / OneCycleSchedule.START_DIVISOR, r.history().get(0).learningRate(), 1e-12);
        assertTrue(r.history().get(1).trainLoss() < r.history().get(0).trainLoss());
        assertTrue(org.atelier.util.Json.read(new RunDirectory(tmp.resolve("run")).file(RunDirectory.METRICS),
                com.fasterxml.jackson.databind.node.ObjectNode.class).get("val_accuracy").isNull(), "written as null: none measured");
    }

    /** config.json says where the result came from: the data files' hashes, the threads, the CPU. */
    @Test
    void theRunRecordsItsProvenance() {
        TrainingResult r = train(TestRuns.smallBaseline(1), tmp.resolve("run"), false);
        org.atelier.run.Provenance p = r.run().provenance();
        assertEquals(4, p.dataSha256().size());
        assertEquals("5fca8ad1f8b8b8bf9fb2d35c1ce7e23e8c8bb08b7f4ee1df83d1adb5b4a0ef6b".length(),
                p.dataSha256().values().iterator().next().length());
        assertTrue(p.threads() >= 1);
        assertTrue(!p.cpu().isBlank() && p.cpuVectorExtensions() != null && p.started() != null && p.afterEpoch() == null
                && p.afterBatch() == null);
        assertEquals("test", p.dataSource());
        assertEquals(TestRuns.smallBaseline(1).resolved().epochs(), r.run().config().epochs(), "settings read back as before");
    }

    /** augmentation.png shows each image as the batches of epochs 1, 2, ... hold it in this very run. */
    @Test
    void theAugmentationPreviewIsWhatTheBatchesHold() throws InterruptedException {
        TrainConfig config = TestRuns.smallBaseline(1).toBuilder().augment(org.atelier.augmentation.AugmentConfig.study())
                .limits(300, 100).set(TrainSettings.BATCH_SIZE, 64).build();
        org.atelier.augmentation.AugmentationPreview preview = AugmentationPreviews.of(config, TestRuns.data(), 3, 2);
        ImageSet train = TestRuns.data().train().first(300);
        var augmenter = new org.atelier.augmentation.Augmenter(config.augment(), config.seed());
        try (BatchLoader loader = new BatchLoader(train, 64, null, augmenter)) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                loader.startEpoch(TrainingInputs.epochSeed(config, epoch), epoch);
                int found = 0;
                for (BatchLoader.Batch b = loader.next(); b != null; b = loader.next()) {
                    for (int k = 0; k < b.size; k++) {
                        if (b.indices[k] < 3) {
                            float[] held = Arrays.copyOfRange(b.pixels, k * 784, (k + 1) * 784);
                            assertTrue(Arrays.equals(held, preview.examples().get(b.indices[k]).versions().get(epoch - 1)),
                                    "image " + b.indices[k] + ", epoch " + epoch);
                            found++;
                        }
                    }
                    loader.release(b);
                }
                assertEquals(3, found);
            }
        }
        assertEquals("epoch", preview.versionLabel());
    }
}
