package org.atelier.training;

import org.atelier.run.EpochRecord;
import org.atelier.run.TrainingState;

/**
 * Hears the training loop of {@link TrainingRun}: each concern around the loop (divergence,
 * weight averaging, saving, early stopping, progress) is one, as DJL's training listeners are
 * around {@code EasyTrain.fit}. Called on the training thread, in the order the run lists them.
 */
interface LoopListener {
    /** Before epoch {@code epoch} (or the rest of it, after a mid-epoch save) begins. */
    default void beforeEpoch(int epoch) {}

    /** The epoch's batches are about to be served. */
    default void onEpochStart(EpochTally tally) {}

    /** After each step; {@code tally} already counts it. */
    default void afterBatch(EpochTally tally, TrainingStep.Outcome outcome) {}

    /** The epoch's batches are trained, {@code trained} their sums; validation comes next. */
    default void beforeValidation(EpochTally tally, TrainingState.EpochSoFar trained) {}

    /** The epoch is validated, recorded and its weights kept (best.params, last.params). */
    default void afterEpoch(EpochRecord record, boolean best) {}
}
