package org.atelier.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * metrics.json: what a run achieved. Training writes the training part when it ends; the test
 * evaluation adds its figures. The one declaration of the file's keys: training, evaluation,
 * reports, status, the server and the runs page all go through this record. Files written by
 * earlier versions read too (a key they lack reads as null or 0).
 *
 * @param validationAccuracy the best epoch's validation accuracy, the weights kept; null without a validation split
 * @param validationLoss     that epoch's validation loss (plain cross-entropy); null without a validation split
 * @param trainAccuracy      that epoch's training accuracy
 * @param trainImages        images per epoch, after any limit and offline copies
 * @param flopsPerImage      forward FLOPs per image (multiply-adds counted as two)
 * @param trainSeconds       the training passes' time, validation excluded, over every session of the run
 * @param loaderWaitSeconds  time the trainer waited for batches (this session)
 * @param testAccuracy       the kept weights on the test set, one view per image; null until evaluated
 * @param tta                the test-time augmentation of {@code testAccuracyTta}, by its id; null until evaluated
 * @param testAccuracyTta    the test accuracy averaging {@code tta}'s views; null until evaluated
 * @param evalTflop          the test evaluation's compute in TFLOP: a forward pass per image and view ({@link #evalTflop}); null until evaluated
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunMetrics(
        @JsonProperty("model") String model,
        @JsonProperty("val_accuracy") @JsonInclude(JsonInclude.Include.ALWAYS) Double validationAccuracy,
        @JsonProperty("val_loss") @JsonInclude(JsonInclude.Include.ALWAYS) Double validationLoss,
        @JsonProperty("train_accuracy") double trainAccuracy,
        @JsonProperty("best_epoch") int bestEpoch,
        @JsonProperty("epochs_run") int epochsRun,
        @JsonProperty("stopped_early") boolean stoppedEarly,
        @JsonProperty("train_images") int trainImages,
        @JsonProperty("params") long parameters,
        @JsonProperty("flops_per_image") long flopsPerImage,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("train_images_per_second") double trainImagesPerSecond,
        @JsonProperty("loader_wait_seconds") double loaderWaitSeconds,
        @JsonProperty("final_learning_rate") double finalLearningRate,
        @JsonProperty("test_accuracy") Double testAccuracy,
        @JsonProperty("tta") String tta,
        @JsonProperty("test_accuracy_tta") Double testAccuracyTta,
        @JsonProperty("eval_tflop") Double evalTflop) {

    /** The training part, before any evaluation; a validation figure that is not finite (none measured) is null. */
    public static RunMetrics ofTraining(String model, double validationAccuracy, double validationLoss, double trainAccuracy,
                                        int bestEpoch, int epochsRun, boolean stoppedEarly, int trainImages, long parameters,
                                        long flopsPerImage, double trainSeconds, double trainImagesPerSecond,
                                        double loaderWaitSeconds, double finalLearningRate) {
        return new RunMetrics(model, finiteOrNull(validationAccuracy), finiteOrNull(validationLoss), trainAccuracy, bestEpoch,
                epochsRun, stoppedEarly, trainImages, parameters, flopsPerImage, trainSeconds, trainImagesPerSecond,
                loaderWaitSeconds, finalLearningRate, null, null, null, null);
    }

    /**
     * These metrics with a test evaluation's figures, replacing any earlier ones.
     *
     * @param views the forward passes per test image: 1 without test-time augmentation, else its views
     *              (the plain pass is the identity view's)
     */
    public RunMetrics withTest(double accuracy, String ttaId, double ttaAccuracy, int testImages, int views) {
        return new RunMetrics(model, validationAccuracy, validationLoss, trainAccuracy, bestEpoch, epochsRun, stoppedEarly,
                trainImages, parameters, flopsPerImage, trainSeconds, trainImagesPerSecond, loaderWaitSeconds,
                finalLearningRate, accuracy, ttaId, ttaAccuracy, evalTflop(flopsPerImage, testImages, views));
    }

    /** An evaluation's compute: one forward pass of {@code flopsPerImage} per image and view, in TFLOP. */
    public static double evalTflop(double flopsPerImage, long images, int views) {
        return flopsPerImage * images * views / 1e12;
    }

    /**
     * The training's compute in TFLOP: three forward passes' worth per image seen (the forward pass,
     * and the backward pass at twice its cost), over every epoch trained, those before a resume
     * included. Written to metrics.json beside the figures it is computed from; not read back.
     */
    @JsonProperty(value = "train_tflop", access = JsonProperty.Access.READ_ONLY)
    public double trainTflop() {
        return trainTflop(flopsPerImage, trainImages, epochsRun);
    }

    /** {@link #trainTflop()} of a run of {@code epochs} epochs of {@code images} images of {@code flopsPerImage} forward FLOPs. */
    public static double trainTflop(double flopsPerImage, long images, int epochs) {
        return 3.0 * flopsPerImage * images * epochs / 1e12;
    }

    /** Whether the run has been evaluated on the test set. */
    public boolean evaluated() {
        return testAccuracy != null;
    }

    /** The best validation accuracy, NaN without a validation split. */
    public double validationAccuracyOrNaN() {
        return validationAccuracy == null ? Double.NaN : validationAccuracy;
    }

    /** The test accuracy, NaN before the evaluation. */
    public double testAccuracyOrNaN() {
        return testAccuracy == null ? Double.NaN : testAccuracy;
    }

    /** JSON has no NaN: a figure that was not measured is null. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
