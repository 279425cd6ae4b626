package org.atelier.reporting;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.run.RunStanding;
import org.atelier.run.TrainingState;
import org.atelier.util.UserException;

/**
 * Where a run stands, read from its small files and its lock alone: for a multi-hour study,
 * which experiments have finished, which one trains now, how far it is and how long the rest of
 * it will take at the pace of its epochs so far.
 *
 * @param epochsDone      epochs in its history.csv
 * @param epochsPlanned   epochs its configuration asks for
 * @param bestValidation  best validation accuracy so far (NaN before the first epoch)
 * @param testAccuracy    NaN until it is evaluated
 * @param epochSeconds    the median time of its epochs so far, training and validation (NaN before the first), or
 *                        of {@code paceOf}'s
 * @param pid             the process training or evaluating it now, when one is
 * @param paceOf          the run whose epochs gave {@code epochSeconds}, when not this one's own
 * @param secondsIntoEpoch how long the epoch under way has been trained: what its last save holds, and,
 *                         training now, the time since (0 for a run neither training nor interrupted)
 * @param savedPart       the part of epoch {@code epochsDone + 1} its last save holds, when it saved mid-epoch;
 *                        else null
 * @param failure         for a run that {@link State#FAILED}, the error its training ended in; else null
 */
public record RunStatus(String name, State state, int epochsDone, int epochsPlanned, double bestValidation, int bestEpoch,
                        double testAccuracy, double epochSeconds, OptionalLong pid, String paceOf, double secondsIntoEpoch,
                        TrainingState.EpochSoFar savedPart, String failure) {

    /** A status timed by its own epochs, not part-way through one. */
    public RunStatus(String name, State state, int epochsDone, int epochsPlanned, double bestValidation, int bestEpoch,
                     double testAccuracy, double epochSeconds, OptionalLong pid) {
        this(name, state, epochsDone, epochsPlanned, bestValidation, bestEpoch, testAccuracy, epochSeconds, pid, null, 0, null, null);
    }

    public enum State {
        FINISHED("finished"),
        TRAINED("trained, not evaluated"),
        IN_USE("training now"),
        EVALUATING("evaluating now"),
        INTERRUPTED("interrupted"),
        FAILED("failed"),
        NOT_STARTED("not started");

        private final String text;

        State(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The least share of an epoch that the epoch under way is taken to have left. */
    private static final double MIN_SHARE_LEFT = 0.1;

    /**
     * The time the remaining epochs take at the median pace so far, less what the epoch under way
     * has already been trained: NaN when unknown, 0 once trained.
     */
    public double secondsToGo() {
        int left = Math.max(0, epochsPlanned - epochsDone);
        if (state == State.FINISHED || state == State.TRAINED || state == State.EVALUATING || left == 0) {
            return 0;
        }
        // An epoch that has run past the usual time is taken as nearly done, not as done: it still has to end.
        double currentLeft = Math.max(epochSeconds - secondsIntoEpoch, MIN_SHARE_LEFT * epochSeconds);
        return (left - 1) * epochSeconds + currentLeft;
    }

    /** The status of one run directory; {@code plannedEpochs} when its configuration is not there yet. */
    public static RunStatus of(String name, RunDirectory run, int plannedEpochs) {
        return of(name, run, plannedEpochs, Instant.now());
    }

    /** The status of one run directory as of {@code now}. */
    static RunStatus of(String name, RunDirectory run, int plannedEpochs, Instant now) {
        if (!run.has(RunDirectory.CONFIG)) {
            return new RunStatus(name, State.NOT_STARTED, 0, plannedEpochs, Double.NaN, 0, Double.NaN, Double.NaN,
                    OptionalLong.empty());
        }
        List<EpochRecord> history = run.history();
        OptionalLong pid = run.lockHolder();
        Optional<RunMetrics> metrics = run.metrics();
        // metrics.json is written when training ends: a run still locked after that is being evaluated
        State state = pid.isPresent() ? (metrics.isPresent() ? State.EVALUATING : State.IN_USE)
                : run.has(RunDirectory.EVALUATION) ? State.FINISHED
                : metrics.isPresent() ? State.TRAINED
                : run.has(RunDirectory.FAILURE) ? State.FAILED
                : history.isEmpty() && !run.has(RunDirectory.CHECKPOINT) ? State.NOT_STARTED
                : State.INTERRUPTED;
        EpochRecord best = EpochRecord.bestByValidation(history).orElse(null);
        TrainingState.EpochSoFar saved = state == State.IN_USE || state == State.INTERRUPTED
                ? savedPart(run) : null;
        double savedSeconds = saved == null ? 0 : saved.seconds();
        return new RunStatus(name, state, history.size(), run.config().epochs(),
                best == null ? Double.NaN : best.validationAccuracy(), best == null ? 0 : best.epoch(),
                metrics.map(RunMetrics::testAccuracyOrNaN).orElse(Double.NaN), EpochRecord.medianEpochSeconds(history), pid, null,
                state == State.IN_USE ? savedSeconds + secondsSinceLastWrite(run, now) : savedSeconds, saved,
                state == State.FAILED ? run.failure().orElse(null) : null);
    }

    /** The part of an epoch the run's last save holds; none when it cannot be read (resuming it says why). */
    private static TrainingState.EpochSoFar savedPart(RunDirectory run) {
        try {
            return RunStanding.of(run).savedPartOfEpoch().orElse(null);
        } catch (UserException unreadable) {
            return null;
        }
    }

    /**
     * Training has gone on since the last of these: an epoch written to history.csv, a save (at an
     * epoch's end or part-way), or the process resuming the run (taking the lock).
     */
    private static double secondsSinceLastWrite(RunDirectory run, Instant now) {
        Instant start = Instant.EPOCH;
        for (String file : List.of(RunDirectory.HISTORY, RunDirectory.CHECKPOINT, RunDirectory.LOCK)) {
            try {
                Instant written = Files.getLastModifiedTime(run.file(file)).toInstant();
                start = written.isAfter(start) ? written : start;
            } catch (IOException e) {
                // not written yet (no epoch finished): the other file tells
            }
        }
        return start.equals(Instant.EPOCH) ? 0 : Math.max(0, Duration.between(start, now).toMillis() / 1000.0);
    }

    /**
     * The statuses of a folder's runs, each run not yet timed by its own epochs timed by the first
     * run of the same pace that is: the same model, batch size, training images and offline
     * copies ({@code configs[i]} is {@code statuses[i]}'s planned configuration). Augmentation, class
     * weights and smoothing do not change the time of a step.
     */
    public static List<RunStatus> timedByAlike(List<TrainConfig> configs, List<RunStatus> statuses) {
        List<RunStatus> timed = new ArrayList<>(statuses);
        for (int i = 0; i < timed.size(); i++) {
            RunStatus s = timed.get(i);
            if (!Double.isNaN(s.epochSeconds())) {
                continue;
            }
            for (int j = 0; j < statuses.size(); j++) {
                RunStatus other = statuses.get(j);
                if (!Double.isNaN(other.epochSeconds()) && samePace(configs.get(i), configs.get(j))) {
                    timed.set(i, new RunStatus(s.name, s.state, s.epochsDone, s.epochsPlanned, s.bestValidation, s.bestEpoch,
                            s.testAccuracy, other.epochSeconds(), s.pid, other.name(), s.secondsIntoEpoch, s.savedPart, s.failure));
                    break;
                }
            }
        }
        return timed;
    }

    private static boolean samePace(TrainConfig a, TrainConfig b) {
        return a.model().equals(b.model()) && a.batchSize() == b.batchSize() && a.trainLimit() == b.trainLimit()
                && a.offlineCopies() == b.offlineCopies() && Objects.equals(a.data(), b.data());
    }
}
