package org.atelier.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.data.ImageSet;
import org.atelier.evaluation.Evaluation;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class RunStepsTest {
    @TempDir
    Path tmp;

    /** Evaluation computes; only the workflow step writes, and then everything at once. */
    @Test
    void trainingAndEvaluationStepsCompleteTheRunDirectory() {
        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        RunSteps.train(TestRuns.smallBaseline(1).toBuilder().augment(AugmentConfig.study()).build(), TestRuns.data(), run,
                false, ProgressListener.SILENT, Device.cpu(), "test");
        assertTrue(run.has(RunDirectory.AUGMENTATION) && run.has(RunDirectory.REPORT) && run.has(RunDirectory.CURVES));

        ImageSet test = TestRuns.data().test().first(500);
        ImageSet validation = TestRuns.data().validation().first(500);
        Evaluation.Result computed = Evaluation.evaluate(run, test, validation, TestTimeAugmentation.NONE, Device.cpu(), true);
        assertFalse(run.has(RunDirectory.EVALUATION) || run.has(RunDirectory.CONFUSION) || run.metrics().orElseThrow().evaluated(),
                "computing writes nothing");

        Evaluation.Result written = RunSteps.evaluate(run, test, validation, TestTimeAugmentation.NONE, Device.cpu());
        assertEquals(computed.metrics().accuracy(), written.metrics().accuracy());
        assertTrue(run.has(RunDirectory.EVALUATION) && run.has(RunDirectory.CONFUSION) && run.has(RunDirectory.MISTAKES));
        assertEquals(written.metrics().accuracy(), run.metrics().orElseThrow().testAccuracy());
        assertEquals("11x11 map of 64 channels, after the network's last convolution",
                run.evaluation().orElseThrow().explanationLayer(), "the baseline's maps come from its last convolution");

        // T is the validation split's: another test set leaves it exactly as it was, another validation split moves it
        int[] next = java.util.stream.IntStream.range(500, 1000).toArray();
        ImageSet otherTest = TestRuns.data().test().subset(next);
        ImageSet otherValidation = TestRuns.data().validation().subset(next);
        double t = computed.calibration().temperature();
        assertEquals(t, Evaluation.evaluate(run, otherTest, validation, TestTimeAugmentation.NONE, Device.cpu(), false)
                .calibration().temperature());
        assertNotEquals(t, Evaluation.evaluate(run, test, otherValidation, TestTimeAugmentation.NONE, Device.cpu(), false)
                .calibration().temperature());

        // with views, the averaged views' ECE is of the averaged probabilities, before and after T
        Evaluation.Result flipped = Evaluation.evaluate(run, test, validation, TestTimeAugmentation.FLIP, Device.cpu(), false);
        try (org.atelier.run.TrainedModel model = org.atelier.run.TrainedModel.load(run, Device.cpu())) {
            float[][] averaged = model.classifier().probabilities(test, TestTimeAugmentation.FLIP,
                    org.atelier.evaluation.Calibration.softmax(model.classifier().logits(test), 1));
            assertEquals(org.atelier.evaluation.Calibration.ece(org.atelier.evaluation.Calibration.reliability(averaged, test.labels(), 15)),
                    flipped.calibration().eceTta(), 1e-9);
            assertEquals(org.atelier.evaluation.Calibration.ece(org.atelier.evaluation.Calibration.reliability(
                    org.atelier.evaluation.Calibration.withTemperature(averaged, t), test.labels(), 15)),
                    flipped.calibration().eceTtaCalibrated(), 1e-9);
            assertNotEquals(flipped.calibration().ece(), flipped.calibration().eceTta(), "the baseline's mirror views change its confidences");
        }
        assertEquals(null, computed.calibration().eceTta(), "no views, no averaged figure");
    }
}
