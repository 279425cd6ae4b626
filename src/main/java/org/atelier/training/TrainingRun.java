package org.atelier.training;

import java.util.Locale;
import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.atelier.config.TrainConfig;
import org.atelier.data.PreparedData;
import org.atelier.models.Devices;
import org.atelier.run.EpochRecord;
import org.atelier.run.Provenance;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.run.RunStanding;
import org.atelier.run.TrainingState;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/**
 * Trains one model from a {@link TrainConfig} into a {@link RunDirectory}: Adam or SGD on weighted,
 * optionally smoothed cross-entropy, validation after every epoch, a learning-rate schedule, and
 * the concerns around the loop as {@link LoopListener}s: divergence, weight averaging, saving
 * (after every epoch, every {@link #SAVE_INTERVAL} within one and at a {@link StopRequest}, from
 * which the run resumes exactly), early stopping and progress.
 */
public final class TrainingRun {
    /**
     * How often a run saves within an epoch: a long epoch (half an hour for the MiniResNet on two
     * cores) loses at most this much to a crash, for a few seconds of writing.
     */
    public static final Duration SAVE_INTERVAL = Duration.ofMinutes(10);

    private final TrainConfig config;
    private final RunDirectory run;
    private final ProgressListener progress;
    private final Device device;
    private final StopRequest stop = new StopRequest();
    private Duration saveInterval = SAVE_INTERVAL;

    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener progress) {
        this(config, run, progress, Device.cpu());
    }

    /** @param device where the network trains; the results do not depend on it beyond rounding */
    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener progress, Device device) {
        this.device = device;
        this.config = config.resolved().validate();
        this.run = run;
        this.progress = progress;
    }

    /** Asks this run, from another thread, to save and stop after the batch under way. */
    public StopRequest stopRequest() {
        return stop;
    }

    /** Saves within an epoch every {@code interval} instead of {@link #SAVE_INTERVAL}; zero saves after every batch. */
    TrainingRun savingEvery(Duration interval) {
        saveInterval = interval;
        return this;
    }

    /** Trains from scratch, or from the run's checkpoint when {@code resume} is set. */
    public TrainingResult train(PreparedData data, boolean resume) {
        return trainUntil(data, resume, config.epochs()).orElseThrow();
    }

    /**
     * As {@link #train}, pausing after epoch {@code lastEpoch}: the run is then saved at that
     * epoch's end, unfinished, and resumes from there exactly as if it had not paused (its schedule
     * and split are the full run's). What a tuning search trains a trial to its next rung with.
     *
     * @return what the run achieved once it has finished (its planned epochs, or early stopping);
     *     empty when it paused before
     */
    public Optional<TrainingResult> trainUntil(PreparedData data, boolean resume, int lastEpoch) {
        if (lastEpoch < 1 || lastEpoch > config.epochs()) {
            throw new IllegalArgumentException("pause after epoch " + lastEpoch + " of " + config.epochs());
        }
        try (TrainingSession s = TrainingSession.open(config, data, device)) {
            LoopState state = resume ? restore(s) : start(s);
            run.recordProvenance(Provenance.now(data.source(), Devices.threads(), resume ? state.epochsDone : null,
                    state.resumeFrom == null ? null : state.resumeFrom.batches()));
            List<LoopListener> listeners = listeners(s, state);
            stop.started();
            try {
                for (int epoch = state.epochsDone + 1; epoch <= lastEpoch && !state.stoppedEarly; epoch++) {
                    int e = epoch;
                    listeners.forEach(l -> l.beforeEpoch(e));
                    EpochTally tally = s.startEpoch(epoch, state.takeResumePoint(s.loader.batchesPerEpoch()));
                    listeners.forEach(l -> l.onEpochStart(tally));
                    for (BatchLoader.Batch batch = s.nextBatch(); batch != null; batch = s.nextBatch()) {
                        TrainingStep.Outcome outcome = s.train(batch, tally);
                        listeners.forEach(l -> l.afterBatch(tally, outcome));
                    }
                    TrainingState.EpochSoFar trained = tally.now();
                    listeners.forEach(l -> l.beforeValidation(tally, trained));
                    EpochRecord record = s.validate(tally, trained);
                    boolean best = state.record(record, s.validates());
                    s.keepWeights(run, best);
                    listeners.forEach(l -> l.afterEpoch(record, best));
                }
            } finally {
                stop.ended();
            }
            boolean finished = state.stoppedEarly || state.history.size() >= config.epochs();
            return finished ? Optional.of(finish(s, state)) : Optional.empty();
        }
    }

    /**
     * The concerns around the loop, in the order they hear it: a step's loss is checked before
     * anything uses the step; progress hears a batch before the run saves or stops after it, and
     * hears validation and an epoch's end after the run has saved them.
     */
    private List<LoopListener> listeners(TrainingSession s, LoopState state) {
        List<LoopListener> listeners = new ArrayList<>(List.of(new DivergenceGuard(s)));
        if (s.average != null) {
            listeners.add(new WeightAveraging(s));
        }
        listeners.add(ProgressEvents.batches(progress, config));
        listeners.add(new Checkpointing(s, state, run, stop, saveInterval));
        listeners.add(new EarlyStopping(config, state));
        listeners.add(ProgressEvents.epochs(progress, s));
        return listeners;
    }

    /**
     * Refuses offline copies that cannot be held: all copies live in one byte array (at most 2 GiB)
     * in the Java heap. Checked before anything is written.
     */
    public void requireFits(PreparedData data) {
        if (config.offlineCopies() == 0) {
            return;
        }
        long images = data.train().first(config.trainLimit()).size();
        long perSet = images * data.train().pixelsPerImage();
        long needed = (config.offlineCopies() + 1L) * perSet;
        long limit = Math.min(Integer.MAX_VALUE - 16L, Runtime.getRuntime().maxMemory() / 2);
        if (needed > limit) {
            throw new UserException(String.format(Locale.ROOT, "--augment-offline %d: the originals and %d copies of %,d images need %.1f GB, "
                    + "more than fits (%.1f GB: one Java array, at most half the heap); at most %d copies fit",
                    config.offlineCopies(), config.offlineCopies(), images, needed / 1e9, limit / 1e9, limit / perSet - 1));
        }
    }

    private LoopState start(TrainingSession s) {
        run.writeConfig(config);
        AtomicFiles.writeString(run.file(RunDirectory.SUMMARY), s.summary.render());
        return new LoopState();
    }

    private LoopState restore(TrainingSession s) {
        TrainingState saved = s.restore(run);
        stop.saved(saved.describe(config.epochs()));
        new RunStanding(run, config, saved).requireUnfinished();
        LoopState state = LoopState.restored(saved);
        state.sinceBest = config.patienceAfter(state.epochsDone, state.sinceBest);
        progress.onResume(List.copyOf(state.history));
        return state;
    }

    /** What the run achieved, written to metrics.json. */
    private TrainingResult finish(TrainingSession s, LoopState state) {
        List<EpochRecord> history = state.history;
        double seconds = history.stream().mapToDouble(EpochRecord::trainSeconds).sum();
        double images = (double) s.train.size() * history.size();
        TrainingResult result = new TrainingResult(run, List.copyOf(history), state.bestEpoch, state.bestAccuracy,
                s.summary.parameters(), s.summary.flops(), seconds, images / seconds, state.stoppedEarly);
        EpochRecord best = history.stream().filter(e -> e.epoch() == state.bestEpoch).findFirst().orElseThrow();
        run.writeMetrics(RunMetrics.ofTraining(config.model(), state.bestAccuracy, best.validationLoss(), best.trainAccuracy(),
                state.bestEpoch, history.size(), state.stoppedEarly, s.train.size(), s.summary.parameters(), s.summary.flops(),
                seconds, images / seconds, s.loader.waitSeconds(), history.get(history.size() - 1).learningRate()));
        return result;
    }
}
