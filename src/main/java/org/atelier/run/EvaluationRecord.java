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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationRecord(@JsonProperty("test_accuracy") double testAccuracy,
                               @JsonProperty("tta") String tta,
                               @JsonProperty("test_accuracy_tta") double testAccuracyTta,
                               @JsonProperty("test_images") int testImages,
                               @JsonProperty("inference_images_per_second") double inferenceImagesPerSecond,
                               @JsonProperty("metrics") ClassificationMetrics metrics,
                               @JsonProperty("most_confident_mistakes") List<Mistake> mostConfidentMistakes) {

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
