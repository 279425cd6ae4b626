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

    /**
     * The furthest rung (0 the first) a trial can reach: a rung k holds at most trials / eta^k of them
     * once every trial has started, so with fewer than eta^k trials none is promoted that far.
     */
    public int furthestRung() {
        int k = 0;
        long needed = 1;
        while (k < rungs().size() - 1 && needed * reductionFactor <= trials) {
            needed *= reductionFactor;
            k++;
        }
        return k;
    }

    /** How many trials it takes for one to reach the last rung: eta^(rungs - 1). */
    public long trialsForLastRung() {
        long needed = 1;
        for (int k = 1; k < rungs().size(); k++) {
            needed *= reductionFactor;
        }
        return needed;
    }

    /** The epochs of each rung: grace, grace * eta, ... below the full length, then the full length. */
    public List<Integer> rungs() {
        return SuccessiveHalving.rungs(graceEpochs, maxEpochs, reductionFactor);
    }
}
