package org.atelier.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.atelier.run.ReliabilityBin;
import org.junit.jupiter.api.Test;

/** Temperature scaling and the calibration figures, against values worked out by hand. */
class CalibrationTest {

    /**
     * Two classes, every row's logits +a and -a, {@code right} of {@code n} rows labelled with the
     * +a class: softmax(z / T) gives that class sigmoid(2a / T), and the NLL is least where that is
     * the share right, p, so T = 2a / logit(p).
     */
    private static void assertFitsTwoClassOptimum(double a, int right, int n, double expected) {
        float[][] logits = new float[n][];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            boolean flipped = i % 2 == 1; // half the rows put +a on class 1, so no class is favoured
            logits[i] = flipped ? new float[] {(float) -a, (float) a} : new float[] {(float) a, (float) -a};
            int top = flipped ? 1 : 0;
            labels[i] = (byte) (i < right ? top : 1 - top);
        }
        assertEquals(expected, Calibration.fitTemperature(logits, labels), 1e-6);
    }

    @Test
    void overConfidentLogitsAreSoftenedToTheKnownTemperature() {
        // a = 2, 8 of 10 right: T = 4 / ln 4
        assertFitsTwoClassOptimum(2, 8, 10, 2.8853900817779268);
    }

    @Test
    void underConfidentLogitsAreSharpenedToTheKnownTemperature() {
        // a = 1, 19 of 20 right: T = 2 / ln 19
        assertFitsTwoClassOptimum(1, 19, 20, 0.6792465437902172);
    }

    @Test
    void nothingToFitOnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.fitTemperature(new float[0][], new byte[0]));
    }

    @Test
    void nllIsTheMeanNegativeLogProbabilityOfTheLabelAtTheTemperature() {
        float ln3 = (float) Math.log(3);
        float[][] logits = {{0, ln3}};
        byte[] labels = {1};
        // T = 1: p = 3/4; T = 2: p = sqrt 3 / (1 + sqrt 3)
        assertEquals(Math.log(4.0 / 3), Calibration.nll(logits, labels, 1), 1e-6);
        assertEquals(Math.log((1 + Math.sqrt(3)) / Math.sqrt(3)), Calibration.nll(logits, labels, 2), 1e-6);
        // two rows: the mean, here with the other label (p = 1/4 at T = 1)
        assertEquals((Math.log(4.0 / 3) + Math.log(4)) / 2,
                Calibration.nll(new float[][] {{0, ln3}, {0, ln3}}, new byte[] {1, 0}, 1), 1e-6);
    }

    @Test
    void softmaxDividesTheLogitsByTheTemperature() {
        float[][] p = Calibration.softmax(new float[][] {{0, (float) Math.log(3)}}, 2);
        assertEquals(1 / (1 + Math.sqrt(3)), p[0][0], 1e-6);
        assertEquals(Math.sqrt(3) / (1 + Math.sqrt(3)), p[0][1], 1e-6);
    }

    /**
     * Five predictions in five bins of width 0.2:
     * (0.8, 1]: confidences 0.90 (right) and 0.85 (wrong): mean 0.875, accuracy 0.5, gap 0.375;
     * (0.6, 0.8]: 0.70 (right): gap 0.3; (0.4, 0.6]: 0.45 (wrong) and 0.50 (right): mean 0.475,
     * accuracy 0.5, gap 0.025. ECE = (2 x 0.375 + 0.3 + 2 x 0.025) / 5 = 0.22.
     */
    @Test
    void eceWeighsEachBinsGapByItsShareOfThePredictions() {
        float[][] probabilities = {
                {0.90f, 0.05f, 0.05f},
                {0.85f, 0.10f, 0.05f},
                {0.10f, 0.70f, 0.20f},
                {0.25f, 0.30f, 0.45f},
                {0.50f, 0.30f, 0.20f}};
        byte[] labels = {0, 1, 1, 0, 0};
        List<ReliabilityBin> bins = Calibration.reliability(probabilities, labels, 5);
        assertEquals(5, bins.size());
        assertEquals(new ReliabilityBin(0.0, 0.2, 0, null, null), bins.get(0));
        assertEquals(0, bins.get(1).images());
        assertNull(bins.get(1).accuracy());
        assertBin(bins.get(2), 0.4, 0.6, 2, 0.475, 0.5);
        assertBin(bins.get(3), 0.6, 0.8, 1, 0.70, 1.0);
        assertBin(bins.get(4), 0.8, 1.0, 2, 0.875, 0.5);
        assertEquals(0.22, Calibration.ece(bins), 1e-6);
    }

    @Test
    void fullConfidenceFallsInTheLastBin() {
        List<ReliabilityBin> bins = Calibration.reliability(new float[][] {{1f, 0f}}, new byte[] {0}, 15);
        assertEquals(1, bins.get(14).images());
        assertEquals(0.0, Calibration.ece(bins), 1e-12);
    }

    @Test
    void withoutValidationImagesThereIsNoTemperatureButTheTestFiguresStand() {
        float ln3 = (float) Math.log(3);
        Calibration.Summary s = Calibration.of(new float[][] {{0, ln3}}, new byte[] {1}, new float[0][], new byte[0]);
        assertNull(s.temperature());
        assertNull(s.eceCalibrated());
        assertNull(s.nllCalibrated());
        assertEquals(Math.log(4.0 / 3), s.nll(), 1e-6);
        assertEquals(0.25, s.ece(), 1e-6); // one prediction, confidence 0.75, right
        assertEquals(Calibration.BINS, s.reliability().size());
    }

    private static void assertBin(ReliabilityBin bin, double lower, double upper, int images, double confidence, double accuracy) {
        assertEquals(lower, bin.lower(), 1e-12);
        assertEquals(upper, bin.upper(), 1e-12);
        assertEquals(images, bin.images());
        assertEquals(confidence, bin.confidence(), 1e-6);
        assertEquals(accuracy, bin.accuracy(), 1e-12);
    }

    @Test
    void probabilitiesTakeTheTemperatureAsPowersRenormalised() {
        // (0.5, 0.25, 0.25)^(1/2) = (sqrt(.5), .5, .5), over sqrt(.5) + 1
        float[] q = Calibration.withTemperature(new float[] {0.5f, 0.25f, 0.25f}, 2);
        double total = Math.sqrt(0.5) + 1;
        assertEquals(Math.sqrt(0.5) / total, q[0], 1e-7);
        assertEquals(0.5 / total, q[1], 1e-7);
        assertEquals(0.5 / total, q[2], 1e-7);
        assertEquals(0.41421, q[0], 5e-6);
        assertEquals(0.29289, q[1], 5e-6);
    }

    @Test
    void aTemperatureOfOneIsTheIdentity() {
        float[] p = {0.7f, 0.2f, 0.05f, 0.05f, 0f};
        float[] q = Calibration.withTemperature(p, 1);
        for (int k = 0; k < p.length; k++) {
            assertEquals(p[k], q[k], 1e-7);
        }
    }

    @Test
    void theTemperatureKeepsTheTopClassAndAgreesWithSoftmaxOfScaledLogits() {
        float[][] logits = {{1f, 3f, -2f, 2.5f}, {-4f, -1f, 8f, 7.9f}, {30f, -30f, 0f, 29f}};
        float[][] p = Calibration.softmax(logits, 1);
        for (double t : new double[] {0.05, 0.5, 1.7, 20}) {
            float[][] q = Calibration.withTemperature(p, t);
            float[][] direct = Calibration.softmax(logits, t);
            for (int i = 0; i < p.length; i++) {
                assertEquals(org.atelier.models.Classifier.argMax(p[i]), org.atelier.models.Classifier.argMax(q[i]), "T = " + t);
                for (int k = 0; k < p[i].length; k++) {
                    assertEquals(direct[i][k], q[i][k], 2e-5, "T = " + t + ", row " + i + ", class " + k);
                }
            }
        }
    }

    @Test
    void aTemperatureMustBePositive() {
        float[] p = {0.5f, 0.5f};
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Calibration.withTemperature(p, t));
        }
    }

    /**
     * Averaged views: (0.75, 0.25) right and (0.62, 0.38) wrong, alone in their bins, give
     * ECE = (0.25 + 0.62) / 2 = 0.435; at T = 0.5 each probability is squared and renormalised,
     * 0.5625 / 0.625 = 0.9 (right) and 0.3844 / 0.5288 = 0.726929 (wrong): (0.1 + 0.726929) / 2.
     */
    @Test
    void averagedViewsAreMeasuredBeforeAndAfterTheSingleViewTemperature() {
        float[][] averaged = {{0.75f, 0.25f}, {0.62f, 0.38f}};
        byte[] labels = {0, 1};
        Calibration.Summary fitted = new Calibration.Summary(0.5, 100, 0.3, 0.2, List.of(), List.of()).withAveragedViews(averaged, labels);
        assertEquals(0.435, fitted.eceTta(), 1e-6);
        assertEquals((0.1 + 0.3844 / 0.5288) / 2, fitted.eceTtaCalibrated(), 1e-6);
        Calibration.Summary none = new Calibration.Summary(null, null, 0.3, null, List.of(), null).withAveragedViews(averaged, labels);
        assertEquals(0.435, none.eceTta(), 1e-6);
        assertNull(none.eceTtaCalibrated(), "no temperature, nothing after it");
    }
}
