package org.atelier.training;

import java.time.Duration;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainingState;

/**
 * When a run saves: after every epoch (history.csv and the checkpoint), every {@code interval}
 * within an epoch, before the validation of an epoch it took up part-way, and at a
 * {@link StopRequest}, after which it stops; mid-epoch saves only where the run resumes exactly
 * after any batch ({@link TrainingSession#resumesMidEpoch}).
 */
final class Checkpointing implements LoopListener {
    private final TrainingSession session;
    private final LoopState state;
    private final RunDirectory run;
    private final StopRequest stop;
    private final Duration interval;
    private long lastSaveNanos = System.nanoTime();

    Checkpointing(TrainingSession session, LoopState state, RunDirectory run, StopRequest stop, Duration interval) {
        this.session = session;
        this.state = state;
        this.run = run;
        this.stop = stop;
        this.interval = interval;
    }

    @Override
    public void beforeEpoch(int epoch) {
        if (stop.requested()) {
            throw stopped("before the next batch of epoch " + epoch);
        }
    }

    @Override
    public void afterBatch(EpochTally tally, TrainingStep.Outcome outcome) {
        boolean stopping = stop.requested();
        if (session.resumesMidEpoch() && (stopping || System.nanoTime() - lastSaveNanos >= interval.toNanos())) {
            save(tally.now());
        }
        if (stopping) {
            throw stopped("after batch " + tally.batches + " of " + tally.batchesPerEpoch() + " of epoch " + tally.epoch);
        }
    }

    /** Validation takes minutes for the big models: a crash or Ctrl-C during it then costs only the validation. */
    @Override
    public void beforeValidation(EpochTally tally, TrainingState.EpochSoFar trained) {
        if (session.validates() && session.resumesMidEpoch() && tally.saved.batches() < trained.batches()) {
            save(trained);
        }
    }

    @Override
    public void afterEpoch(EpochRecord record, boolean best) {
        run.writeHistory(state.history);
        save(null);
    }

    /** Saves at an epoch's end ({@code soFar} null) or part-way through the next. */
    void save(TrainingState.EpochSoFar soFar) {
        TrainingState saved = session.checkpoint(run, state, soFar);
        lastSaveNanos = System.nanoTime();
        stop.saved(saved.describe(session.config.epochs()));
    }

    /** The exception that ends the run at a stop request, saying what is kept. */
    private TrainingStopped stopped(String where) {
        return new TrainingStopped("stopped " + where + "; " + run.root() + (stop.lastSave() == null
                ? " holds no saved training yet" : " keeps its training up to " + stop.lastSave()));
    }
}
