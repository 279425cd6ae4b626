package org.atelier.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * evaluation.json: a run's test evaluation, the one declaration of the file's keys.
 *
 * @param testAccuracy             the kept weights on the test set, one view per image
 * @param tta                      the test-time augmentation of {@code testAccuracyTta}, by its id
 * @param testAccuracyTta          the accuracy when each prediction averages {@code tta}'s views
 * @param testImages               images evaluated
 * @param inferenceImagesPerSecond the plain pass's speed
 * @param metrics                  per-class figures and the confusion matrix of the plain predictions
 * @param mostConfidentMistakes    the wrong answers given with the highest probability, highest first
 * @param temperature              T of temperature scaling, fitted on the run's validation split by minimising the
 *                                 NLL of softmax(logits / T) of its plain predictions; null for a run without one
 *                                 (and in files written before calibration was measured)
 * @param temperatureImages        validation images T was fitted on
 * @param eceBins                  equal-width confidence bins of {@code ece} and the reliability diagrams
 * @param ece                      expected calibration error of the plain test predictions: over the bins, the
 *                                 |accuracy - mean confidence| weighted by the bin's share of the images
 * @param eceCalibrated            the same after dividing the logits by {@code temperature}
 * @param nll                      mean negative log-likelihood (natural log) of the plain test predictions
 * @param nllCalibrated            the same after dividing the logits by {@code temperature}
 * @param reliability              the test predictions' confidence bins, before temperature scaling
 * @param reliabilityCalibrated    and after
 * @param eceTta                   the ECE when each prediction averages {@code tta}'s views; null without views
 * @param eceTtaCalibrated         the same with {@code temperature} applied to the averaged probabilities, as
 *                                 predict --tta does; null without views or temperature
 * @param explanationLayer         the layer the Grad-CAM maps of the report's mistakes are made from, in words
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationRecord(@JsonProperty("test_accuracy") double testAccuracy,
                               @JsonProperty("tta") String tta,
                               @JsonProperty("test_accuracy_tta") double testAccuracyTta,
                               @JsonProperty("test_images") int testImages,
                               @JsonProperty("inference_images_per_second") double inferenceImagesPerSecond,
                               @JsonProperty("metrics") ClassificationMetrics metrics,
                               @JsonProperty("most_confident_mistakes") List<Mistake> mostConfidentMistakes,
                               @JsonProperty("temperature") Double temperature,
                               @JsonProperty("temperature_images") Integer temperatureImages,
                               @JsonProperty("ece_bins") Integer eceBins,
                               @JsonProperty("ece") Double ece,
                               @JsonProperty("ece_calibrated") Double eceCalibrated,
                               @JsonProperty("nll") Double nll,
                               @JsonProperty("nll_calibrated") Double nllCalibrated,
                               @JsonProperty("reliability") List<ReliabilityBin> reliability,
                               @JsonProperty("reliability_calibrated") List<ReliabilityBin> reliabilityCalibrated,
                               @JsonProperty("ece_tta") Double eceTta,
                               @JsonProperty("ece_tta_calibrated") Double eceTtaCalibrated,
                               @JsonProperty("explanation_layer") String explanationLayer) {

    /**
     * The temperature to divide this run's logits by for calibrated probabilities, when one was fitted:
     * the one accessor for whatever applies it.
     */
    public java.util.OptionalDouble calibrationTemperature() {
        return temperature == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(temperature);
    }

    /** Each class's recall in label order, NaN for classes the file does not give. */
    public double[] recalls(int classes) {
        double[] out = new double[classes];
        java.util.Arrays.fill(out, Double.NaN);
        if (metrics != null && metrics.recall() != null) {
            System.arraycopy(metrics.recall(), 0, out, 0, Math.min(classes, metrics.recall().length));
        }
        return out;
    }
}
