package org.atelier.training;

import java.util.Locale;
import org.atelier.util.UserException;

/**
 * Stops a run whose loss is no longer a number, before that epoch's weights (now NaN) are saved:
 * the last checkpoint stays good, and the message says where and at which rate it happened.
 */
final class DivergenceGuard implements LoopListener {
    private final TrainingSession session;

    DivergenceGuard(TrainingSession session) {
        this.session = session;
    }

    @Override
    public void afterBatch(EpochTally tally, TrainingStep.Outcome outcome) {
        if (!Double.isFinite(outcome.objective())) {
            throw new TrainingDiverged(String.format(Locale.ROOT, "training diverged: the loss became %s at step %d of epoch %d "
                    + "(learning rate %.3g); nothing of this epoch was saved. Try a lower --lr", outcome.objective(), tally.batches,
                    tally.epoch, session.currentRate()));
        }
    }
}
