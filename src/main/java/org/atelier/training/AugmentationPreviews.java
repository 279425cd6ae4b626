package org.atelier.training;

import java.util.ArrayList;
import java.util.List;
import org.atelier.augmentation.AugmentationPreview;
import org.atelier.augmentation.Augmenter;
import org.atelier.augmentation.OfflineAugmentation;
import org.atelier.config.TrainConfig;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;

/** The augmentation chart's examples: training images exactly as a run trains on them. */
public final class AugmentationPreviews {
    private AugmentationPreviews() {}

    /**
     * The first {@code count} training images and their versions as the run of {@code config} trains
     * on them: in epochs 1 to {@code versions} through the batch loader with the run's seeds, or its
     * first offline copies. Null without augmentation.
     */
    public static AugmentationPreview of(TrainConfig config, PreparedData data, int count, int versions) {
        Augmenter augmenter = TrainingInputs.augmenter(config);
        if (augmenter == null) {
            return null;
        }
        ImageSet originals = data.train().first(config.trainLimit());
        boolean offline = config.offlineCopies() > 0;
        List<AugmentationPreview.Example> examples = new ArrayList<>();
        try (BatchLoader loader = offline ? null : new BatchLoader(originals, config.batchSize(), null, augmenter)) {
            for (int i = 0; i < Math.min(count, originals.size()); i++) {
                List<float[]> shown = new ArrayList<>();
                for (int v = 1; v <= (offline ? Math.min(versions, config.offlineCopies()) : versions); v++) {
                    shown.add(offline ? OfflineAugmentation.copyOf(originals, augmenter, v, i, config.seed())
                            : loader.imageAsTrained(i, TrainingInputs.epochSeed(config, v), v));
                }
                float[] original = new float[originals.pixelsPerImage()];
                originals.copyNormalized(i, original, 0);
                examples.add(new AugmentationPreview.Example(originals.label(i), original, shown, originals.rows()));
            }
        }
        return new AugmentationPreview(config.augment(), offline ? "copy" : "epoch", examples);
    }
}
