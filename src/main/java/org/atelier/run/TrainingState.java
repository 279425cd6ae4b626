package org.atelier.run;

import java.util.List;

/**
 * The trainer's state at a save, the head of checkpoint.bin: what a resumed run needs besides parameters and optimizer moments: the epochs done and their
 * history, the scheduler's state, the best epoch so far, and the part of the next epoch already
 * trained (null when the save came at the end of an epoch).
 */
public record TrainingState(int epochsDone, List<String> historyCsv, PlateauState plateau,
                            double bestValidationAccuracy, int bestEpoch, int epochsSinceBest, EpochSoFar epochSoFar) {

    /**
     * The batches of epoch {@code epochsDone + 1} trained before a mid-epoch save, and the sums
     * its means are made of, so that the resumed epoch reports what an unbroken one would.
     */
    public record EpochSoFar(int batches, int batchesPerEpoch, double crossEntropySum, double objectiveSum, long correct,
                             long seen, double seconds, double loaderWaitSeconds) {
        /** An epoch not begun. */
        public static EpochSoFar none(int batchesPerEpoch) {
            return new EpochSoFar(0, batchesPerEpoch, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * ReduceLROnPlateau's counters between epochs: the best value seen, epochs since it, and the
     * current rate; null in the saves of a schedule the step count fixes (one-cycle).
     */
    public record PlateauState(double best, int epochsWithoutImprovement, double learningRate) {}

    public List<EpochRecord> history() {
        return historyCsv.stream().map(EpochRecord::fromCsv).toList();
    }

    /**
     * Where the save stands, as a person reads it: "epoch 5 of 50", "batch 120 of 375 of epoch 6 (of 50)",
     * or, saved when the epoch's batches were done, "batch 375 of 375 of epoch 6 (of 50), before its validation".
     */
    public String describe(int epochs) {
        if (epochSoFar == null) {
            return "epoch " + epochsDone + " of " + epochs;
        }
        return "batch " + epochSoFar.batches() + " of " + epochSoFar.batchesPerEpoch() + " of epoch " + (epochsDone + 1)
                + " (of " + epochs + ")" + (epochSoFar.batches() == epochSoFar.batchesPerEpoch() ? ", before its validation" : "");
    }
}
