package org.atelier.training;

import org.atelier.util.UserException;

/**
 * The loss became NaN or infinite: the run's settings (a learning rate far too high, say) cannot
 * train it, which a tuning search counts against the trial rather than stopping for.
 */
public final class TrainingDiverged extends UserException {
    public TrainingDiverged(String message) {
        super(message);
    }
}
