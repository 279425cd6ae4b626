package org.atelier.training;

import org.atelier.config.Schedule;
import org.atelier.config.TrainConfig;
import org.atelier.run.TrainingState.PlateauState;

/** The learning rate of every step of a run: ReduceLROnPlateau's per epoch, or one-cycle's per step. */
public interface LearningRateSchedule {
    /** The rate of the step after {@code stepsDone} steps. */
    double rate(long stepsDone);

    /** Hears an epoch's validation figures; only epochs with a validation split are heard. */
    default void onEpochEnd(double validationLoss, double validationAccuracy) {}

    /** What a checkpoint must keep to continue exactly (the plateau's counters), or null when the step count fixes all. */
    default PlateauState state() {
        return null;
    }

    default void restore(PlateauState state) {}

    /** The schedule {@code config} asks for over {@code stepsPerEpoch} steps per epoch. */
    static LearningRateSchedule of(TrainConfig config, long stepsPerEpoch) {
        return config.schedule() == Schedule.ONE_CYCLE
                ? new OneCycleSchedule(config.learningRate(), config.epochs() * stepsPerEpoch, OneCycleSchedule.WARMUP_FRACTION)
                : new PlateauScheduler(config.plateau(), config.learningRate());
    }
}
