package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.ReliabilityBin;
import org.junit.jupiter.api.Test;

/** The report's one sentence on calibration, from figures chosen by hand. */
class CalibrationSentenceTest {
    private static EvaluationRecord record(double accuracy, List<ReliabilityBin> before, Double t, List<ReliabilityBin> after) {
        return new EvaluationRecord(accuracy, "none", accuracy, 100, 1000, null, List.of(), t, t == null ? null : 2_000, 2,
                0.1, t == null ? null : 0.02, 0.5, t == null ? null : 0.4, before, after, null, null, null);
    }

    /**
     * 20 images at mean confidence 0.6 (12 right) and 80 at 0.95 (72 right): mean confidence
     * (20 x 0.6 + 80 x 0.95) / 100 = 0.88 against 84% right; after T, 30 at 0.7 and 70 at 0.9: 0.84.
     */
    @Test
    void anOverConfidentModelIsSaidToBeSoWithItsBusiestBinAndWhatTheTemperatureDid() {
        EvaluationRecord e = record(0.84, List.of(new ReliabilityBin(0, 0.5, 0, null, null),
                        new ReliabilityBin(0.5, 0.8, 20, 0.6, 0.6), new ReliabilityBin(0.8, 1, 80, 0.95, 0.9)), 1.4,
                List.of(new ReliabilityBin(0.5, 0.8, 30, 0.7, 0.7), new ReliabilityBin(0.8, 1, 70, 0.9, 0.9)));
        assertEquals("The model is over-confident: its mean stated confidence is 88.00% and it is right 84.00% of the time; "
                + "at its most common confidence, 95.00% (80 of 100 test images), it is right 90.00%. Expected calibration error "
                + "10.00% over 2 equal-width confidence bins, test NLL 0.5000. Dividing the logits by T = 1.40, fitted on the "
                + "2,000 validation images, makes the mean confidence 84.00%, the error 2.00% and the NLL 0.4000 (accuracy is "
                + "unchanged: dividing by T keeps each prediction's order of classes).", RunPage.calibration(e));
    }

    @Test
    void withoutATemperatureTheSentenceSaysWhy() {
        EvaluationRecord e = record(0.9, List.of(new ReliabilityBin(0.5, 1, 100, 0.7, 0.9)), null, null);
        String text = RunPage.calibration(e);
        assertTrue(text.startsWith("The model is under-confident: its mean stated confidence is 70.00% and it is right 90.00%"), text);
        assertTrue(text.endsWith("No temperature was fitted: the run has no validation split to fit one on."), text);
    }

    /** Averaged views are reported with or without a temperature; the flip views are 2. */
    @Test
    void averagedViewsAreSaidWithAndWithoutATemperature() {
        List<ReliabilityBin> bins = List.of(new ReliabilityBin(0.5, 1, 100, 0.7, 0.9));
        EvaluationRecord plain = record(0.9, bins, null, null);
        EvaluationRecord none = new EvaluationRecord(0.9, "flip", 0.91, 100, 1000, null, List.of(), null, null, 2, 0.1, null, 0.5,
                null, bins, null, 0.05, null, null);
        assertEquals(RunPage.calibration(plain) + " When each prediction averages 2 views of the image (flip), the error is 5.00%.",
                RunPage.calibration(none));
        EvaluationRecord fitted = new EvaluationRecord(0.9, "flip", 0.91, 100, 1000, null, List.of(), 1.2, 2_000, 2, 0.2, 0.1, 0.5,
                0.4, bins, bins, 0.05, 0.03, null);
        assertTrue(RunPage.calibration(fitted).endsWith(" When each prediction averages 2 views of the image (flip), the error is "
                + "5.00%, and 3.00% with the same T applied to the averaged probabilities (as predict --tta does)."), RunPage.calibration(fitted));
    }

    @Test
    void anOlderEvaluationHasNoSentence() {
        assertNull(RunPage.calibration(record(0.9, null, null, null)));
    }
}
