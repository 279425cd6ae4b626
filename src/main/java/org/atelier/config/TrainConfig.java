package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.atelier.data.DataConfig;
import org.atelier.models.ModelArchitecture;

/**
 * Everything that decides a training run; saved as config.json so the run can be repeated.
 * {@link #defaults()} is the one place the defaults live.
 *
 * @param model architecture name (baseline)
 * @param epochs maximum number of epochs (10)
 * @param batchSize images per step (256, the study's best)
 * @param learningRate Adam's initial learning rate; negative means the model's own (-1: 0.002 for
 *     baseline, 0.001, Keras' default, for the others)
 * @param seed seeds parameter initialisation, shuffling and dropout (42)
 * @param l2 L2 coefficient on convolution and dense kernels; negative means the model's own (-1)
 * @param data where the data comes from and how it is split
 * @param plateau ReduceLROnPlateau settings (val_loss, factor 0.5, patience 2, min delta 1e-4, min rate 1e-5;
 *     factor 0 switches it off)
 * @param earlyStoppingPatience epochs without improvement before stopping; 0 switches it off (0)
 * @param trainLimit use only the first N training images, 0 for all (0)
 * @param validationLimit use only the first N validation images, 0 for all (0)
 * @param labelSmoothing share of the target spread over all classes (0)
 * @param classWeights per-class loss weights, empty for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainConfig(
        String model,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        double l2,
        DataConfig data,
        PlateauConfig plateau,
        int earlyStoppingPatience,
        int trainLimit,
        int validationLimit,
        double labelSmoothing,
        double[] classWeights) {

    /**
     * ReduceLROnPlateau as in Keras: when {@code monitor} has not improved by more than
     * {@code minDelta} for {@code patience} epochs, multiply the learning rate by {@code factor},
     * never going below {@code minLearningRate}.
     */
    public record PlateauConfig(String monitor, double factor, int patience, double minDelta, double minLearningRate) {
        public static PlateauConfig defaults() {
            return new PlateauConfig("val_loss", 0.5, 2, 1e-4, 1e-5);
        }

        public boolean enabled() {
            return factor > 0 && factor < 1;
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig("baseline", 10, 256, -1, 42, -1, DataConfig.defaults(), PlateauConfig.defaults(),
                0, 0, 0, 0, new double[0]);
    }

    /** This configuration with the model's own learning rate and L2 filled in where left at -1. */
    public TrainConfig resolved() {
        ModelArchitecture architecture = ModelArchitecture.byName(model);
        double lr = learningRate < 0 ? architecture.defaultLearningRate() : learningRate;
        double kernelL2 = l2 < 0 ? architecture.defaultL2() : l2;
        return new TrainConfig(model, epochs, batchSize, lr, seed, kernelL2, data, plateau, earlyStoppingPatience,
                trainLimit, validationLimit, labelSmoothing, classWeights);
    }

    public TrainConfig withModel(String m) {
        return new TrainConfig(m, epochs, batchSize, learningRate, seed, l2, data, plateau, earlyStoppingPatience,
                trainLimit, validationLimit, labelSmoothing, classWeights);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(model, e, batchSize, learningRate, seed, l2, data, plateau, earlyStoppingPatience,
                trainLimit, validationLimit, labelSmoothing, classWeights);
    }

    public TrainConfig withLimits(int train, int validation) {
        return new TrainConfig(model, epochs, batchSize, learningRate, seed, l2, data, plateau, earlyStoppingPatience,
                train, validation, labelSmoothing, classWeights);
    }

    public TrainConfig withData(DataConfig d) {
        return new TrainConfig(model, epochs, batchSize, learningRate, seed, l2, d, plateau, earlyStoppingPatience,
                trainLimit, validationLimit, labelSmoothing, classWeights);
    }
}
