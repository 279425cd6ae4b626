package org.atelier.training;

import org.atelier.run.TrainingState;

/**
 * An epoch's running sums as its batches train, going on from the part of it a save holds, with
 * the learning rate it began at (what its history row records).
 */
final class EpochTally {
    final int epoch;
    final double learningRate;
    /** The part of the epoch a save held when this process took it up (none for a fresh epoch). */
    final TrainingState.EpochSoFar saved;
    private final BatchLoader loader;
    private final long start = System.nanoTime();
    private final double waitBefore;
    int batches;
    double crossEntropySum;
    double objectiveSum;
    long correct;
    long seen;

    EpochTally(int epoch, double learningRate, TrainingState.EpochSoFar saved, BatchLoader loader) {
        this.epoch = epoch;
        this.learningRate = learningRate;
        this.saved = saved;
        this.loader = loader;
        waitBefore = loader.waitSeconds();
        batches = saved.batches();
        crossEntropySum = saved.crossEntropySum();
        objectiveSum = saved.objectiveSum();
        correct = saved.correct();
        seen = saved.seen();
    }

    void add(TrainingStep.Outcome outcome) {
        crossEntropySum += outcome.crossEntropy() * outcome.size();
        objectiveSum += outcome.objective() * outcome.size();
        correct += outcome.correct();
        seen += outcome.size();
        batches++;
    }

    int batchesPerEpoch() {
        return saved.batchesPerEpoch();
    }

    double meanCrossEntropy() {
        return crossEntropySum / seen;
    }

    double accuracy() {
        return (double) correct / seen;
    }

    /** The pace of this process's part of the epoch. */
    double imagesPerSecondSinceStart() {
        return (seen - saved.seen()) / ((System.nanoTime() - start) / 1e9);
    }

    /** The epoch so far, its time and waits counting the saved part's. */
    TrainingState.EpochSoFar now() {
        return new TrainingState.EpochSoFar(batches, saved.batchesPerEpoch(), crossEntropySum, objectiveSum, correct, seen,
                saved.seconds() + (System.nanoTime() - start) / 1e9, saved.loaderWaitSeconds() + loader.waitSeconds() - waitBefore);
    }
}
