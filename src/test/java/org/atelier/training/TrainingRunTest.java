package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.atelier.config.OptimizerKind;
import org.atelier.config.Schedule;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.models.Classifier;
import org.atelier.reporting.RunReport;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.testing.RealTraining;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@EnabledIf("org.atelier.testing.TestData#realDataPresent")
class TrainingRunTest {
    @TempDir
    Path tmp;

    private TrainingResult train(TrainConfig config, Path dir, boolean resume) {
        return new TrainingRun(config, new RunDirectory(dir), ProgressListener.SILENT).train(RealTraining.data(), resume);
    }

    @Test
    void lossFallsAndAccuracyRisesOnARealSubset() {
        TrainingResult r = train(RealTraining.smallBaseline(3), tmp.resolve("run"), false);
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
        TrainingResult r = train(RealTraining.smallBaseline(2).toBuilder().ema(ema).build(), tmp.resolve("run"), false);
        ImageSet validation = RealTraining.data().validation().first(1000);
        try (TrainedModel a = TrainedModel.load(r.run()); TrainedModel b = TrainedModel.load(r.run())) {
            float[][] pa = a.classifier().probabilities(validation);
            float[][] pb = b.classifier().probabilities(validation);
            assertTrue(Arrays.deepEquals(pa, pb), "two loads predict identically");
            double accuracy = Classifier.lossAndAccuracy(pa, validation.labels())[1];
            assertEquals(r.bestValidationAccuracy(), accuracy, 0.0, "best.params is the best epoch's model");
        }
    }

    @ParameterizedTest
    @CsvSource({"adam, 0", "sgd, 0", "adam, 0.9"})
    void resumingContinuesFromTheSavedEpochExactly(OptimizerKind optimizer, double ema) {
        TrainConfig config = RealTraining.smallBaseline(3).toBuilder().optimizer(optimizer).ema(ema)
                .learningRate(optimizer == OptimizerKind.SGD ? 0.02 : -1).build();
        TrainingResult straight = train(config, tmp.resolve("straight"), false);
        Path interrupted = tmp.resolve("interrupted");
        train(config.toBuilder().epochs(2).build(), interrupted, false);
        RunDirectory run = new RunDirectory(interrupted);
        TrainingResult resumed = new TrainingRun(run.config().toBuilder().epochs(3).build(), run, ProgressListener.SILENT)
                .train(RealTraining.data(), true);

        assertEquals(3, resumed.history().size());
        List<EpochRecord> history = RunReport.readHistory(run);
        assertEquals(List.of(1, 2, 3), history.stream().map(EpochRecord::epoch).toList());
        // Same seeds per epoch and restored optimizer state (Adam's moments, SGD's velocity) and
        // weight average: epoch 3 is what an uninterrupted run gets.
        EpochRecord a = straight.history().get(2);
        EpochRecord b = resumed.history().get(2);
        assertEquals(a.trainLoss(), b.trainLoss(), 1e-6);
        assertEquals(a.validationAccuracy(), b.validationAccuracy(), 0.0);
        assertEquals(a.validationLoss(), b.validationLoss(), 1e-6);
    }

    @Test
    void movingAverageLeavesTrainingAloneAndIsWhatTheRunKeeps() {
        TrainConfig config = RealTraining.smallBaseline(2);
        TrainingResult plain = train(config, tmp.resolve("plain"), false);
        TrainingResult averaged = train(config.toBuilder().ema(0.9).build(), tmp.resolve("averaged"), false);
        for (int e = 0; e < 2; e++) {
            assertEquals(plain.history().get(e).trainLoss(), averaged.history().get(e).trainLoss(), 0.0,
                    "the live weights train exactly as without the average");
        }
        ImageSet validation = RealTraining.data().validation().first(1000);
        try (TrainedModel a = TrainedModel.load(plain.run()); TrainedModel b = TrainedModel.load(averaged.run())) {
            assertFalse(Arrays.deepEquals(a.classifier().probabilities(validation), b.classifier().probabilities(validation)),
                    "the saved model is the average, not the live weights");
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpoch() {
        // A learning rate this high makes progress stall, so patience 1 ends the run early.
        TrainConfig base = RealTraining.smallBaseline(8);
        TrainConfig config = base.toBuilder().learningRate(0.05).plateau(TrainConfig.PlateauConfig.off())
                .earlyStoppingPatience(1).build();
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
        TrainConfig config = RealTraining.smallBaseline(2).toBuilder().schedule(Schedule.ONE_CYCLE)
                .learningRate(0.004).limits(3000, 0).build();
        PreparedData all = PreparedData.split(TestData.real(), new DataConfig(DataLocator.DEBIAN_DIR, 0, 42),
                new DataLocator.Located(DataLocator.DEBIAN_DIR, "test"));
        assertEquals(0, all.validation().size());
        TrainingResult r = new TrainingRun(config, new RunDirectory(tmp.resolve("run")), ProgressListener.SILENT).train(all, false);
        assertEquals(2, r.bestEpoch(), "with nothing to validate on, the last epoch is kept");
        assertTrue(Double.isNaN(r.history().get(1).validationAccuracy()));
        assertEquals(0.004 / OneCycleSchedule.START_DIVISOR, r.history().get(0).learningRate(), 1e-12);
        assertTrue(r.history().get(1).trainLoss() < r.history().get(0).trainLoss());
        assertTrue(new RunDirectory(tmp.resolve("run")).metrics().get("val_accuracy").isNull());
    }
}
