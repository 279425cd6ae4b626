package org.atelier.benchmark;

import java.util.Locale;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What `atelier bench` measured for one model. Training GFLOP/s counts a training step as three
 * forward passes (forward, and a backward pass of about twice its cost), the usual estimate.
 */
public record BenchResult(
        @JsonProperty("model") String model,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("threads") int threads,
        @JsonProperty("flops_per_image") long flopsPerImage,
        @JsonProperty("train_images_per_second") double trainImagesPerSecond,
        @JsonProperty("infer_images_per_second") double inferImagesPerSecond,
        @JsonProperty("infer_images_per_second_batch1") double inferImagesPerSecondBatch1,
        @JsonProperty("achieved_gflops") double achievedGflops,
        @JsonProperty("infer_achieved_gflops") double inferAchievedGflops,
        @JsonProperty("matmul_gflops") double matmulGflops,
        @JsonProperty("step_share_network") double networkShare,
        @JsonProperty("step_share_waiting_for_data") double waitShare,
        @JsonProperty("step_share_copy_in") double copyShare,
        @JsonProperty("step_share_metrics") double metricsShare,
        @JsonProperty("augment") boolean augment,
        @JsonProperty("load_threads") int loadThreads,
        @JsonProperty("train_images_per_second_beside_load") Double trainImagesPerSecondBesideLoad) {

    public String render() {
        return String.format(Locale.ROOT, """
                model %s (%.1f MFLOPs forward per image), batch %d, %d threads%s
                  training:   %,10.0f images/s  (%.1f GFLOP/s, %.0f%% of the %.0f GFLOP/s matrix-product ceiling)
                  inference:  %,10.0f images/s at batch 500 (%.1f GFLOP/s), %,.0f images/s at batch 1
                  per training step: network %.1f%%, waiting for data %.1f%%, copying in %.1f%%, metrics %.1f%%
                """, model, flopsPerImage / 1e6, batchSize, threads, augment ? ", augmented batches" : "",
                trainImagesPerSecond, achievedGflops, 100 * achievedGflops / matmulGflops, matmulGflops,
                inferImagesPerSecond, inferAchievedGflops, inferImagesPerSecondBatch1,
                100 * networkShare, 100 * waitShare, 100 * copyShare, 100 * metricsShare)
                + (trainImagesPerSecondBesideLoad == null ? "" : String.format(Locale.ROOT,
                        "  training beside %d busy threads: %,.0f images/s, %.0f%% of alone%n", loadThreads,
                        trainImagesPerSecondBesideLoad, 100 * trainImagesPerSecondBesideLoad / trainImagesPerSecond));
    }
}
