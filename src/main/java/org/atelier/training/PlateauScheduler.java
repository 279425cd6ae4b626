package org.atelier.training;

import org.atelier.config.TrainConfig;
import org.atelier.run.TrainingState.PlateauState;

/**
 * Keras' ReduceLROnPlateau: when the monitored metric has not improved for {@code patience}
 * epochs, multiply the learning rate by {@code factor} (not below the minimum) and wait
 * {@code patience} epochs again. Its state is plain data so a resumed run carries it on.
 */
public final class PlateauScheduler implements LearningRateSchedule {
    private final TrainConfig.PlateauConfig config;
    private final boolean lowerIsBetter;
    private PlateauState state;

    public PlateauScheduler(TrainConfig.PlateauConfig config, double initialLearningRate) {
        this.config = config;
        this.lowerIsBetter = config.monitor().lowerIsBetter();
        this.state = new PlateauState(lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, 0,
                initialLearningRate);
    }

    @Override
    public PlateauState state() {
        return state;
    }

    @Override
    public void restore(PlateauState saved) {
        this.state = saved;
    }

    /** The rate stays the same through an epoch. */
    @Override
    public double rate(long stepsDone) {
        return state.learningRate();
    }

    @Override
    public void onEpochEnd(double validationLoss, double validationAccuracy) {
        onEpochEnd(config.monitor().of(validationLoss, validationAccuracy));
    }

    /** Records one epoch's value of the monitored metric; returns the learning rate for the next epoch. */
    public double onEpochEnd(double value) {
        boolean improved = lowerIsBetter
                ? value < state.best() - config.minDelta()
                : value > state.best() + config.minDelta();
        if (improved) {
            state = new PlateauState(value, 0, state.learningRate());
        } else if (config.enabled()) {
            int waited = state.epochsWithoutImprovement() + 1;
            double lr = state.learningRate();
            if (waited >= config.patience() && lr > config.minLearningRate()) {
                lr = Math.max(config.minLearningRate(), lr * config.factor());
                waited = 0;
            }
            state = new PlateauState(state.best(), waited, lr);
        } else {
            state = new PlateauState(state.best(), state.epochsWithoutImprovement() + 1, state.learningRate());
        }
        return state.learningRate();
    }
}
