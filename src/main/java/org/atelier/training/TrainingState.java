package org.atelier.training;

import java.util.List;
import org.atelier.run.EpochRecord;

/**
 * What a resumed run needs besides parameters and optimizer moments: the epochs done and their
 * history, the scheduler's state and the best epoch so far.
 */
public record TrainingState(int epochsDone, List<String> historyCsv, PlateauScheduler.State plateau,
                            double bestValidationAccuracy, int bestEpoch, int epochsSinceBest) {

    public List<EpochRecord> history() {
        return historyCsv.stream().map(EpochRecord::fromCsv).toList();
    }
}
