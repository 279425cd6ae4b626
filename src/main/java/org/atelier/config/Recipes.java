package org.atelier.config;

import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.FashionMnist;
import org.atelier.util.UserException;

/**
 * Named, fixed training recipes. A recipe trains on all 60,000 training images (no validation
 * split: its settings were chosen beforehand) and is judged on the test set.
 */
public final class Recipes {
    public static final List<String> NAMES = List.of("fast");

    private Recipes() {}

    /**
     * "fast": the most test accuracy a 2-core CPU reaches in about 15 minutes. fastnet (60 MFLOPs,
     * about 1,350 training images/s here), 18 epochs of one-cycle Adam peaking at 0.003, batch 128,
     * whole-pixel shifts of up to 2 pixels, horizontal flips, random erasing half of the time, label
     * smoothing 0.1. Each choice was measured: see the README.
     */
    public static TrainConfig byName(String name, DataConfig data) {
        if (!name.equals("fast")) {
            throw new UserException("unknown recipe '" + name + "'; known recipes: " + NAMES);
        }
        return TrainConfig.defaults().toBuilder()
                .model("fastnet")
                .epochs(18)
                .batchSize(128)
                .learningRate(3e-3)
                .schedule(TrainConfig.ONE_CYCLE)
                .plateau(TrainConfig.PlateauConfig.off())
                .augment(new AugmentConfig(2.0 / FashionMnist.IMAGE_SIZE, 0, 0, true, 0, true, 0.5))
                .labelSmoothing(0.1)
                .data(new DataConfig(data.dataDir(), 0, data.splitSeed()))
                .build();
    }
}
