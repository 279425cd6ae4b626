package org.atelier.training;

import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.TrainingState;

/**
 * Tells a {@link ProgressListener} (the console's bar and epoch lines) what the loop does, as two
 * listeners placed around the saving: it hears each batch before the run saves or stops after it
 * (a stop asked for while the bar is drawn applies to that batch), and it hears validation and an
 * epoch's end after the run has saved them.
 */
final class ProgressEvents {
    private ProgressEvents() {}

    /** The epoch's start and its batches. */
    static LoopListener batches(ProgressListener listener, TrainConfig config) {
        return new LoopListener() {
            @Override
            public void onEpochStart(EpochTally tally) {
                listener.onEpochStart(tally.epoch, config.epochs(), tally.batchesPerEpoch());
            }

            @Override
            public void afterBatch(EpochTally tally, TrainingStep.Outcome outcome) {
                listener.onBatch(tally.batches, tally.meanCrossEntropy(), tally.accuracy(), tally.imagesPerSecondSinceStart());
            }
        };
    }

    /** Validation and the epoch's end. */
    static LoopListener epochs(ProgressListener listener, TrainingSession session) {
        return new LoopListener() {
            @Override
            public void beforeValidation(EpochTally tally, TrainingState.EpochSoFar trained) {
                if (session.validates()) {
                    listener.onValidation(tally.epoch, session.validation.size());
                }
            }

            @Override
            public void afterEpoch(EpochRecord record, boolean best) {
                listener.onEpochEnd(record, best);
            }
        };
    }
}
