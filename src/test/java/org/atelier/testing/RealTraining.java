package org.atelier.testing;

import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;

/** Small, quick training runs on real Fashion-MNIST for the tests that need a trained model. */
public final class RealTraining {
    private RealTraining() {}

    private static PreparedData prepared;

    public static synchronized PreparedData data() {
        if (prepared == null) {
            prepared = PreparedData.split(TestData.real(), DataConfig.defaults(),
                    new DataLocator.Located(DataLocator.DEBIAN_DIR, "test"));
        }
        return prepared;
    }

    /** The baseline on 3,000 training and 1,000 validation images. */
    public static TrainConfig smallBaseline(int epochs) {
        return TrainConfig.defaults().toBuilder().epochs(epochs).limits(3000, 1000)
                .data(new DataConfig(DataLocator.DEBIAN_DIR, 0.2, 42)).build();
    }
}
