package org.atelier.tune;

import ai.djl.Device;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.Sweep;
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingStopped;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;

/**
 * Runs a tuning search in this process, one trial segment after another, as {@link SuccessiveHalving}
 * chooses them. Every trial is a run folder trained with the full run's schedule and split; a
 * segment trains it on from its checkpoint to its next rung's epochs ({@link RunSteps#trainUntil}),
 * so a promoted trial never starts again. Each step is recorded in the folder's event log as it
 * happens, so that the same search run again (after Ctrl-C, a crash or SIGKILL) goes on where it was:
 * a segment under way resumes from its trial's last save, and nothing is trained or counted twice.
 */
public final class Tuner {
    private final TuneFolder folder;
    private final SearchSpace space;
    private final TuneSettings settings;
    private final Function<DataConfig, PreparedData> data;
    private final Device device;
    private final IntFunction<ProgressListener> progress;
    private final PrintWriter log;

    public Tuner(TuneFolder folder, SearchSpace space, TuneSettings settings, Function<DataConfig, PreparedData> data,
                 Device device, IntFunction<ProgressListener> progress, PrintWriter log) {
        this.folder = folder;
        this.space = space;
        this.settings = settings;
        this.data = data;
        this.device = device;
        this.progress = progress;
        this.log = log;
    }

    /**
     * The configuration trial {@code trial} trains with: the space's fixed settings and the trial's
     * draw, checked as the command line's would be, over the full length and with the search's seed.
     */
    public static TrainConfig trialConfig(SearchSpace space, TuneSettings settings, int trial,
                                          Function<DataConfig, PreparedData> data) {
        SettingValues values = space.settings(settings.seed(), trial);
        values.put(TrainSettings.EPOCHS, settings.maxEpochs());
        values.put(TrainSettings.SEED, settings.seed());
        TrainConfig config = Sweep.trainConfig(values, data);
        if (config.data().validationFraction() == 0) {
            throw new UserException("tune ranks trials on the validation split, and validation-fraction 0 leaves none");
        }
        return config;
    }

    /** The search's state as its events tell it, and each failed trial's message. */
    static SuccessiveHalving replay(List<TuneEvent> events, TuneSettings settings, Map<Integer, String> failures) {
        SuccessiveHalving asha = new SuccessiveHalving(settings.rungs(), settings.reductionFactor(), settings.trials(),
                !settings.metric().lowerIsBetter());
        for (TuneEvent e : events) {
            switch (e.event()) {
                case TuneEvent.STARTED -> asha.started(e.trial());
                case TuneEvent.PROMOTED -> asha.promoted(e.trial(), e.rung());
                case TuneEvent.RECORDED -> asha.recorded(e.trial(), e.rung(), e.metric());
                case TuneEvent.FAILED -> {
                    asha.recorded(e.trial(), e.rung(), worst(settings));
                    failures.put(e.trial(), e.message());
                }
                default -> throw new UserException("unknown event '" + e.event() + "' in the tuning log");
            }
        }
        return asha;
    }

    /** What a failed trial counts as: below every trial that trained. */
    static double worst(TuneSettings settings) {
        return settings.metric().lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Runs the search to its end (or until stopped), writing the leaderboard after every rung recorded. */
    public Leaderboard run() {
        try (TuneFolder.Lock lock = folder.lock()) {
            return runLocked();
        }
    }

    private Leaderboard runLocked() {
        Map<Integer, String> failures = new LinkedHashMap<>();
        SuccessiveHalving asha = replay(folder.events(), settings, failures);
        Deque<SuccessiveHalving.Job> underWay = new ArrayDeque<>(asha.pending());
        if (!underWay.isEmpty()) {
            log.printf(Locale.ROOT, "going on: %s%n", String.join(", ", underWay.stream()
                    .map(j -> "trial " + j.trial() + " to " + j.epochs() + " epochs").toList()));
        }
        try {
            while (true) {
                SuccessiveHalving.Job job = underWay.poll();
                if (job == null) {
                    Optional<SuccessiveHalving.Job> next = asha.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    job = next.get();
                    if (job.starts()) {
                        folder.append(TuneEvent.started(job.trial()));
                        asha.started(job.trial());
                    } else {
                        folder.append(TuneEvent.promoted(job.trial(), job.rung()));
                        asha.promoted(job.trial(), job.rung());
                    }
                }
                segment(asha, job, failures);
                Leaderboard.of(folder, space, settings, asha, failures).write();
            }
        } finally {
            log.flush();
        }
        Leaderboard board = Leaderboard.of(folder, space, settings, asha, failures);
        board.write();
        return board;
    }

    /** Trains {@code job}'s trial to its rung and records its metric there (or its failure). */
    private void segment(SuccessiveHalving asha, SuccessiveHalving.Job job, Map<Integer, String> failures) {
        int trial = job.trial();
        String name = "trial " + trial + " (" + Leaderboard.shown(space.draw(settings.seed(), trial)) + ")";
        if (failures.containsKey(trial)) {
            record(asha, job, failures, failures.get(trial));
            return;
        }
        RunDirectory run = folder.trial(trial);
        try {
            if (!run.has(RunDirectory.METRICS)) {
                boolean resume = run.has(RunDirectory.CONFIG);
                TrainConfig config = resume ? run.config() : trialConfig(space, settings, trial, data);
                int done = resume ? run.history().size() : 0;
                log.printf(Locale.ROOT, "%s: %s %s of %d, rung %d of %d%n", name, done == 0 ? "trains" : "trains on,",
                        done + 1 < job.epochs() ? "epochs " + (done + 1) + "-" + job.epochs() : "epoch " + job.epochs(),
                        settings.maxEpochs(), job.rung() + 1, settings.rungs().size());
                log.flush();
                java.nio.file.Files.createDirectories(run.root().getParent());
                RunSteps.trainUntil(config, data.apply(config.data()), run, resume, job.epochs(), progress.apply(trial), device,
                        "the same tune command again");
            }
        } catch (TrainingStopped stopped) {
            throw stopped;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException failed) {
            // a trial whose loss diverged (a learning rate drawn too high) loses its place, not the search
            String message = failed instanceof UserException ? failed.getMessage() : "internal error: " + failed;
            log.printf(Locale.ROOT, "%s: failed: %s%n", name, message);
            record(asha, job, failures, message);
            return;
        }
        double metric = metricUpTo(run.history(), job.epochs(), settings);
        folder.append(TuneEvent.recorded(trial, job.rung(), metric));
        asha.recorded(trial, job.rung(), metric);
        log.printf(Locale.ROOT, "%s: %s %.4f by epoch %d%n", name, settings.metric().id(), metric,
                Math.min(job.epochs(), run.history().size()));
    }

    private void record(SuccessiveHalving asha, SuccessiveHalving.Job job, Map<Integer, String> failures, String message) {
        folder.append(TuneEvent.failed(job.trial(), job.rung(), message));
        asha.recorded(job.trial(), job.rung(), worst(settings));
        failures.put(job.trial(), message);
    }

    /**
     * The trial's figure at a rung: the best validation figure of its epochs up to the rung's, the
     * epoch its weights would be kept from. (A run stopped early has fewer epochs; its best counts.)
     */
    static double metricUpTo(List<EpochRecord> history, int epochs, TuneSettings settings) {
        return history.stream().filter(r -> r.epoch() <= epochs)
                .mapToDouble(r -> settings.metric().of(r.validationLoss(), r.validationAccuracy()))
                .reduce(settings.metric().lowerIsBetter() ? Math::min : Math::max).orElse(worst(settings));
    }
}
