package org.atelier.run;

import java.util.Optional;
import org.atelier.config.Schedule;
import org.atelier.config.TrainConfig;
import org.atelier.util.UserException;

/**
 * Where a saved run stands, from its config.json and the head of its checkpoint: the epochs done,
 * whether it has finished (all its epochs, or stopped early), and the part of an epoch its last
 * save holds. What `train --resume`, `status` and the sweeps ask of a run folder.
 *
 * @param saved the trainer's state at the last save; null when the run has no checkpoint yet
 */
public record RunStanding(RunDirectory run, TrainConfig config, TrainingState saved) {

    /** The standing of {@code run}; a checkpoint that cannot be read is refused by name. */
    public static RunStanding of(RunDirectory run) {
        TrainConfig config = run.config();
        return new RunStanding(run, config, run.has(RunDirectory.CHECKPOINT) ? CheckpointHeader.read(run) : null);
    }

    public int epochsDone() {
        return saved == null ? 0 : saved.epochsDone();
    }

    public int epochs() {
        return config.epochs();
    }

    /** Early stopping ended it: patience used up before its last epoch. */
    public boolean stoppedEarly() {
        return saved != null && config.stopsEarlyAfter(saved.epochsDone(), saved.epochsSinceBest());
    }

    public boolean finished() {
        return stoppedEarly() || epochsDone() >= epochs();
    }

    /** Refuses to resume a finished run, saying how to train it further. */
    public void requireUnfinished() {
        if (finished()) {
            throw new UserException(run.root() + " has finished (" + (stoppedEarly() ? "stopped early after epoch " + epochsDone()
                    : "all " + epochs() + " epochs") + "); nothing to resume. Train it further with --resume " + run.root()
                    + " --extend-epochs N");
        }
    }

    /**
     * Where a resumed run goes on from, for the line that announces it: "after epoch 5 of 50", "after
     * batch 120 of 375 of epoch 6 (of 50)", or "from its start, as nothing of its training was saved"
     * when it was stopped before its first save.
     */
    public String resumePoint() {
        return saved == null ? "from its start, as nothing of its training was saved" : "after " + savedPoint();
    }

    /** How far the last save goes, e.g. "epoch 5 of 50" or "batch 120 of 375 of epoch 6 (of 50)"; null before the first. */
    public String savedPoint() {
        return saved == null ? null : saved.describe(epochs());
    }

    /** The part of an epoch the last save holds, when it saved part-way through one. */
    public Optional<TrainingState.EpochSoFar> savedPartOfEpoch() {
        return saved == null ? Optional.empty() : Optional.ofNullable(saved.epochSoFar());
    }

    /**
     * The run's configuration trained {@code more} epochs further, written to its config.json, and
     * its results of the shorter run removed: what {@code train --resume RUN --extend-epochs N} does
     * before resuming. A one-cycle run is refused: its schedule has decayed to the end and was
     * planned for its own length.
     */
    public TrainConfig extend(int more) {
        if (more < 1) {
            throw new UserException("--extend-epochs must be at least 1, got " + more);
        }
        if (saved == null) {
            throw new UserException(run.root() + ": no epoch has finished yet, so there is nothing to extend; resume it first");
        }
        if (config.schedule() == Schedule.ONE_CYCLE) {
            throw new UserException(run.root() + " uses the one-cycle schedule, whose rate has decayed to its end over the "
                    + config.epochs() + " epochs it was planned for; it cannot be extended. Train a new run with --epochs "
                    + (config.epochs() + more) + " instead");
        }
        if ((long) config.epochs() + more > Integer.MAX_VALUE) {
            // checked before anything is written: an overflowed length in config.json would make the run unreadable
            throw new UserException(String.format(java.util.Locale.ROOT, "--extend-epochs %,d would take %s past %,d epochs, "
                    + "the most a run can count", more, run.root(), Integer.MAX_VALUE));
        }
        TrainConfig extended = config.extended(saved.epochsDone(), more);
        run.writeConfig(extended);
        run.discardResults();
        return extended;
    }
}
