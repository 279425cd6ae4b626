package org.atelier.training;

import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;

/**
 * Ends the run when validation accuracy has not improved for the configured patience; where the
 * run was extended after early stopping had ended it, patience starts afresh.
 */
final class EarlyStopping implements LoopListener {
    private final TrainConfig config;
    private final LoopState state;

    EarlyStopping(TrainConfig config, LoopState state) {
        this.config = config;
        this.state = state;
    }

    @Override
    public void afterEpoch(EpochRecord record, boolean best) {
        if (config.stopsEarlyAfter(record.epoch(), state.sinceBest)) {
            state.stoppedEarly = true;
        } else {
            state.sinceBest = config.patienceAfter(record.epoch(), state.sinceBest);
        }
    }
}
