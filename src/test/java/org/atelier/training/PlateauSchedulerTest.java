package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.atelier.config.TrainConfig;
import org.junit.jupiter.api.Test;

class PlateauSchedulerTest {
    private static double[] run(TrainConfig.PlateauConfig config, double... values) {
        PlateauScheduler s = new PlateauScheduler(config, 0.1);
        double[] rates = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rates[i] = s.onEpochEnd(values[i]);
        }
        return rates;
    }

    @Test
    void halvesAfterPatienceEpochsWithoutImprovementThenWaitsAgain() {
        var config = new TrainConfig.PlateauConfig(org.atelier.config.Monitor.VAL_LOSS, 0.5, 2, 0.01, 0.02);
        // 1.0 best; 0.995 is within min delta (no improvement); 0.99 not either; ...
        double[] rates = run(config, 1.0, 0.995, 0.999, 0.8, 0.85, 0.9, 0.95, 0.96, 0.97, 0.98);
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02}, rates, 1e-12);
    }

    @Test
    void accuracyIsMaximised() {
        var config = new TrainConfig.PlateauConfig(org.atelier.config.Monitor.VAL_ACCURACY, 0.1, 1, 0, 0);
        assertArrayEquals(new double[] {0.1, 0.1, 0.01, 0.01},
                run(config, 0.80, 0.85, 0.85, 0.90), 1e-12);
    }

    @Test
    void factorZeroNeverChangesTheRate() {
        var config = new TrainConfig.PlateauConfig(org.atelier.config.Monitor.VAL_LOSS, 0, 1, 0, 0);
        assertArrayEquals(new double[] {0.1, 0.1, 0.1}, run(config, 1, 2, 3), 1e-12);
    }
}
