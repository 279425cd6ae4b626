package org.atelier.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.atelier.models.Classifier;
import org.atelier.run.ReliabilityBin;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017) and the
 * figures that judge calibration: the negative log-likelihood, the expected calibration error and
 * the reliability diagram's bins. Pure arithmetic on logits and probabilities.
 */
public final class Calibration {
    /** Equal-width confidence bins of the ECE and the reliability diagram, as in the paper. */
    public static final int BINS = 15;
    /** The temperatures searched; a fit that ends on an edge is that edge. */
    public static final double MIN_TEMPERATURE = 0.05;
    public static final double MAX_TEMPERATURE = 20;
    /** Width of ln T at which the search stops. */
    private static final double TOLERANCE = 1e-9;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private Calibration() {}

    /**
     * The test set's calibration before and after temperature scaling, all of plain single-view predictions.
     *
     * @param temperature           fitted on the validation split; null when the run has none
     * @param temperatureImages     validation images it was fitted on; null with it
     * @param nll                   test NLL at T = 1
     * @param nllCalibrated         test NLL at the fitted T; null without one
     * @param reliability           test bins at T = 1
     * @param reliabilityCalibrated test bins at the fitted T; null without one
     * @param eceTta                the ECE when each prediction averages test-time views; null without them
     * @param eceTtaCalibrated      the same with the single-view T applied to the averages (as predict does); null
     *                              without views or T
     */
    public record Summary(Double temperature, Integer temperatureImages, double nll, Double nllCalibrated,
                          List<ReliabilityBin> reliability, List<ReliabilityBin> reliabilityCalibrated, Double eceTta,
                          Double eceTtaCalibrated) {
        public Summary(Double temperature, Integer temperatureImages, double nll, Double nllCalibrated,
                       List<ReliabilityBin> reliability, List<ReliabilityBin> reliabilityCalibrated) {
            this(temperature, temperatureImages, nll, nllCalibrated, reliability, reliabilityCalibrated, null, null);
        }

        /**
         * This summary with the ECE of {@code averaged}, the probabilities of averaged test-time views, before
         * and after this summary's temperature: T is fitted on single views, so whether it suits their
         * averages is measured, not assumed.
         */
        public Summary withAveragedViews(float[][] averaged, byte[] labels) {
            double before = Calibration.ece(Calibration.reliability(averaged, labels, BINS));
            Double after = temperature == null ? null
                    : Calibration.ece(Calibration.reliability(withTemperature(averaged, temperature), labels, BINS));
            return new Summary(temperature, temperatureImages, nll, nllCalibrated, reliability, reliabilityCalibrated, before, after);
        }

        public double ece() {
            return Calibration.ece(reliability);
        }

        public Double eceCalibrated() {
            return reliabilityCalibrated == null ? null : Calibration.ece(reliabilityCalibrated);
        }
    }

    /**
     * Fits T on the validation logits (none when {@code validationLabels} is empty) and measures the
     * test logits with and without it.
     */
    public static Summary of(float[][] testLogits, byte[] testLabels, float[][] validationLogits, byte[] validationLabels) {
        List<ReliabilityBin> before = reliability(softmax(testLogits, 1), testLabels, BINS);
        double nll = nll(testLogits, testLabels, 1);
        if (validationLabels.length == 0) {
            return new Summary(null, null, nll, null, before, null);
        }
        double t = fitTemperature(validationLogits, validationLabels);
        return new Summary(t, validationLabels.length, nll, nll(testLogits, testLabels, t), before,
                reliability(softmax(testLogits, t), testLabels, BINS));
    }

    /**
     * The temperature T that minimises the mean negative log-likelihood of softmax(logits / T),
     * found by golden-section search on ln T over [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}].
     * The NLL is convex in 1/T, hence unimodal in ln T, so the search finds its minimum.
     */
    public static double fitTemperature(float[][] logits, byte[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("no predictions to fit a temperature on");
        }
        double a = Math.log(MIN_TEMPERATURE);
        double b = Math.log(MAX_TEMPERATURE);
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = nll(logits, labels, Math.exp(c));
        double fd = nll(logits, labels, Math.exp(d));
        while (b - a > TOLERANCE) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = nll(logits, labels, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = nll(logits, labels, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean negative log-likelihood (natural log) of the labels under softmax(logits / T), computed stably from the logits. */
    public static double nll(float[][] logits, byte[] labels, double temperature) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = max(logits[i]);
            double total = 0;
            for (float z : logits[i]) {
                total += Math.exp((z - max) / temperature);
            }
            sum += Math.log(total) - (logits[i][labels[i]] - max) / temperature;
        }
        return sum / labels.length;
    }

    /** softmax(logits / T), row by row. */
    public static float[][] softmax(float[][] logits, double temperature) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double max = max(logits[i]);
            double[] e = new double[logits[i].length];
            double total = 0;
            for (int k = 0; k < e.length; k++) {
                e[k] = Math.exp((logits[i][k] - max) / temperature);
                total += e[k];
            }
            out[i] = new float[e.length];
            for (int k = 0; k < e.length; k++) {
                out[i][k] = (float) (e[k] / total);
            }
        }
        return out;
    }

    /**
     * Calibrated probabilities from probabilities: softmax(logits / T) computed from p = softmax(logits)
     * as p^(1/T) renormalised (softmax ignores a shift of the logits, and ln p is the logits shifted).
     * The order of the classes, hence the top class, is kept for any T > 0; T = 1 gives p back. A
     * probability that underflowed to 0 stays 0.
     */
    public static float[] withTemperature(float[] probabilities, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("a temperature must be positive and finite, got " + temperature);
        }
        double top = 0;
        for (float p : probabilities) {
            top = Math.max(top, p);
        }
        double[] scaled = new double[probabilities.length];
        double total = 0;
        for (int k = 0; k < scaled.length; k++) {
            // relative to the top class, so that a high 1/T cannot underflow every class to 0
            scaled[k] = probabilities[k] <= 0 ? 0 : Math.pow(probabilities[k] / top, 1 / temperature);
            total += scaled[k];
        }
        float[] out = new float[scaled.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (scaled[k] / total);
        }
        return out;
    }

    /** {@link #withTemperature(float[], double)} row by row. */
    public static float[][] withTemperature(float[][] probabilities, double temperature) {
        float[][] out = new float[probabilities.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = withTemperature(probabilities[i], temperature);
        }
        return out;
    }

    /**
     * The predictions sorted into {@code bins} equal-width bins by their confidence (the top class's
     * probability): bin k holds confidences in (k/bins, (k+1)/bins], the first also 0. A prediction
     * is right when its top class (the first of equal ones) is the label.
     */
    public static List<ReliabilityBin> reliability(float[][] probabilities, byte[] labels, int bins) {
        int[] count = new int[bins];
        int[] right = new int[bins];
        double[] confidence = new double[bins];
        for (int i = 0; i < labels.length; i++) {
            int top = Classifier.argMax(probabilities[i]);
            double p = probabilities[i][top];
            int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(p * bins) - 1));
            count[bin]++;
            confidence[bin] += p;
            right[bin] += top == labels[i] ? 1 : 0;
        }
        List<ReliabilityBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            boolean empty = count[b] == 0;
            out.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count[b],
                    empty ? null : confidence[b] / count[b], empty ? null : (double) right[b] / count[b]));
        }
        return out;
    }

    /** Expected calibration error: the mean over bins of |accuracy - confidence|, each bin weighted by its share of the predictions. */
    public static double ece(List<ReliabilityBin> bins) {
        int total = bins.stream().mapToInt(ReliabilityBin::images).sum();
        double sum = 0;
        for (ReliabilityBin bin : bins) {
            if (bin.images() > 0) {
                sum += (double) bin.images() / total * Math.abs(bin.accuracy() - bin.confidence());
            }
        }
        return sum;
    }

    private static double max(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : row) {
            max = Math.max(max, z);
        }
        return max;
    }
}
