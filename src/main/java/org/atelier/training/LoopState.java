package org.atelier.training;

import java.util.ArrayList;
import java.util.List;
import org.atelier.run.EpochRecord;
import org.atelier.run.TrainingState;

/** The trainer's bookkeeping between epochs, as checkpoints save it. */
final class LoopState {
    final List<EpochRecord> history = new ArrayList<>();
    int epochsDone;
    double bestAccuracy = -1;
    int bestEpoch;
    int sinceBest;
    boolean stoppedEarly;
    /** The part of the next epoch a mid-epoch save holds, until that epoch goes on from it. */
    TrainingState.EpochSoFar resumeFrom;

    static LoopState restored(TrainingState saved) {
        LoopState s = new LoopState();
        s.history.addAll(saved.history());
        s.epochsDone = saved.epochsDone();
        s.bestAccuracy = saved.bestValidationAccuracy();
        s.bestEpoch = saved.bestEpoch();
        s.sinceBest = saved.epochsSinceBest();
        s.resumeFrom = saved.epochSoFar();
        return s;
    }

    /** Where the next epoch starts: the part a save holds, once, else its beginning. */
    TrainingState.EpochSoFar takeResumePoint(int batchesPerEpoch) {
        TrainingState.EpochSoFar from = resumeFrom != null ? resumeFrom : TrainingState.EpochSoFar.none(batchesPerEpoch);
        resumeFrom = null;
        return from;
    }

    /**
     * Adds an epoch's record and says whether its weights are the best so far: a higher validation
     * accuracy, or every epoch when there is no validation split (training on all images).
     */
    boolean record(EpochRecord record, boolean validates) {
        history.add(record);
        boolean best = !validates || record.validationAccuracy() > bestAccuracy;
        if (best) {
            bestAccuracy = record.validationAccuracy();
            bestEpoch = record.epoch();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        epochsDone = record.epoch();
        return best;
    }

    /** The state a save keeps: at an epoch's end ({@code soFar} null) or part-way through the next. */
    TrainingState saved(TrainingState.PlateauState plateau, TrainingState.EpochSoFar soFar) {
        return new TrainingState(epochsDone, history.stream().map(EpochRecord::toCsv).toList(), plateau, bestAccuracy, bestEpoch,
                sinceBest, soFar);
    }
}
