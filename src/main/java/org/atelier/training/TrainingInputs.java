package org.atelier.training;

import org.atelier.augmentation.Augmenter;
import org.atelier.augmentation.OfflineAugmentation;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.util.Seeds;

/**
 * What a run trains on, as its configuration makes it: the augmenter, the training images (the
 * limit applied, then any offline copies), the validation images, the class weights, and each
 * epoch's seed of order and augmentation. The training loop and the augmentation preview share it.
 */
final class TrainingInputs {
    private TrainingInputs() {}

    /** The run's augmenter, or null without augmentation. */
    static Augmenter augmenter(TrainConfig config) {
        return config.augment().enabled() ? new Augmenter(config.augment(), config.seed()) : null;
    }

    static ImageSet trainingImages(TrainConfig config, PreparedData data, Augmenter augmenter) {
        ImageSet train = data.train().first(config.trainLimit());
        return config.offlineCopies() > 0
                ? OfflineAugmentation.expand(train, augmenter, config.offlineCopies(), config.seed())
                : train;
    }

    static ImageSet validationImages(TrainConfig config, PreparedData data) {
        return data.validation().first(config.validationLimit());
    }

    /** The seed of epoch {@code epoch}'s order and augmentation. */
    static long epochSeed(TrainConfig config, int epoch) {
        return Seeds.child(config.seed(), Seeds.DATA_ORDER, epoch);
    }

    /** Each class's loss weight as the batches carry it, or null for none. */
    static float[] classWeights(TrainConfig config) {
        if (config.classWeights().isEmpty()) {
            return null;
        }
        float[] w = new float[FashionClass.COUNT];
        for (int c = 0; c < w.length; c++) {
            w[c] = config.classWeights().get(c).floatValue();
        }
        return w;
    }
}
