package org.atelier.testing;

import org.atelier.config.TrainSettings;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;

/**
 * Small, quick training runs for the tests that need a trained model: on Fashion-MNIST when Debian's
 * package is installed, else on the learnable synthetic set of its shape ({@link TestData#dataDir()}).
 */
public final class TestRuns {
    private TestRuns() {}

    private static PreparedData prepared;

    public static synchronized PreparedData data() {
        if (prepared == null) {
            prepared = PreparedData.split(TestData.dataset(), DataConfig.defaults(),
                    new DataLocator.Located(TestData.dataDir(), "test"));
        }
        return prepared;
    }

    /** The baseline on 3,000 training and 1,000 validation images. */
    public static TrainConfig smallBaseline(int epochs) {
        return TrainConfig.defaults().toBuilder().set(TrainSettings.EPOCHS, epochs).limits(3000, 1000)
                .data(new DataConfig(TestData.dataDir(), 0.2, 42)).build();
    }
}
