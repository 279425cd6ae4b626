package org.atelier.tune;

import java.util.List;
import org.atelier.config.Monitor;
import org.atelier.util.UserException;

/**
 * How a tuning search runs, beside its space: how many trials start, the full length of a trial
 * and the first rung's, the reduction factor eta, the validation figure that ranks trials, and the
 * seed from which the trials are drawn and with which each trains.
 */
public record TuneSettings(int trials, int maxEpochs, int graceEpochs, int reductionFactor, Monitor metric, long seed) {
    public TuneSettings {
        if (trials < 1) {
            throw new UserException("--trials must be at least 1, got " + trials);
        }
        if (maxEpochs < 1) {
            throw new UserException("--max-epochs must be at least 1, got " + maxEpochs);
        }
        if (graceEpochs < 1 || graceEpochs > maxEpochs) {
            throw new UserException("--grace-epochs must be from 1 to --max-epochs (" + maxEpochs + "), got " + graceEpochs);
        }
        if (reductionFactor < 2) {
            throw new UserException("--reduction-factor must be at least 2, got " + reductionFactor);
        }
    }

    /** The epochs of each rung: grace, grace * eta, ... below the full length, then the full length. */
    public List<Integer> rungs() {
        return SuccessiveHalving.rungs(graceEpochs, maxEpochs, reductionFactor);
    }
}
