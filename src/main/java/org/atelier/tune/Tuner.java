package org.atelier.tune;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.Sweep;
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingDiverged;
import org.atelier.training.TrainingStopped;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;

/**
 * Runs a tuning search: {@link SuccessiveHalving} chooses the segments, a {@link SegmentTrainer}
 * trains them (as many at once as it has slots), and this process alone records what happened.
 * Every trial is a run folder trained with the full run's schedule and split; a segment trains it on
 * from its checkpoint to its next rung's epochs ({@link RunSteps#trainUntil}), so a promoted trial
 * never starts again. Each start, promotion and rung recorded goes to the folder's event log as it
 * happens, so the same search run again (after Ctrl-C, a crash or SIGKILL) goes on where it was: a
 * segment under way resumes from its trial's last save, and nothing is trained or counted twice.
 */
public final class Tuner {
    private final TuneFolder folder;
    private final SearchSpace space;
    private final TuneSettings settings;
    private final SegmentTrainer trainer;
    private final PrintWriter log;

    public Tuner(TuneFolder folder, SearchSpace space, TuneSettings settings, SegmentTrainer trainer, PrintWriter log) {
        this.folder = folder;
        this.space = space;
        this.settings = settings;
        this.trainer = trainer;
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

    /**
     * Trains trial {@code trial} of a search until its run has {@code epochs} epochs, in this process:
     * what every trainer runs in the end, here, in a child process or in a Spark task.
     */
    public static void trainSegment(TuneFolder folder, SearchSpace space, TuneSettings settings, int trial, int epochs,
                                    Function<DataConfig, PreparedData> data, Device device, ProgressListener progress) {
        RunDirectory run = folder.trial(trial);
        if (finished(run)) {
            return;
        }
        boolean resume = run.has(RunDirectory.CONFIG);
        TrainConfig config = resume ? run.config() : trialConfig(space, settings, trial, data);
        try {
            Files.createDirectories(run.root().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunSteps.trainUntil(config, data.apply(config.data()), run, resume, epochs, progress, device, "the same tune command again");
    }

    /**
     * Whether a trial's run has trained all it will: early stopping ended it, or its last epoch is
     * saved (a crash between that save and metrics.json leaves nothing to train, and its history is whole).
     */
    static boolean finished(RunDirectory run) {
        return run.has(RunDirectory.METRICS) || run.has(RunDirectory.CHECKPOINT) && org.atelier.run.RunStanding.of(run).finished();
    }

    /** Whether early stopping ended a trial's run (patience used up before its last epoch). */
    static boolean stoppedEarly(RunDirectory run) {
        return run.metrics().map(org.atelier.run.RunMetrics::stoppedEarly).orElse(false);
    }

    /**
     * The segments of this process, one at a time: a trial whose training diverged is answered with
     * its message; anything else (a stop, a full disk, a busy run) stops the search, to go on when
     * run again, rather than costing the trial its place.
     */
    public static SegmentTrainer inProcess(TuneFolder folder, SearchSpace space, TuneSettings settings,
                                           Function<DataConfig, PreparedData> data, Device device, ProgressListener progress) {
        return new SegmentTrainer() {
            @Override
            public int slots() {
                return 1;
            }

            @Override
            public String train(int trial, int epochs) {
                try {
                    trainSegment(folder, space, settings, trial, epochs, data, device, progress);
                    return null;
                } catch (TrainingDiverged diverged) {
                    // a learning rate drawn too high costs the trial its place, not the search
                    return diverged.getMessage();
                }
            }
        };
    }

    /** The search's state as its events tell it, and each failed trial's message. */
    static SuccessiveHalving replay(List<TuneEvent> events, TuneSettings settings, Map<Integer, String> failures) {
        SuccessiveHalving asha = new SuccessiveHalving(settings.rungs(), settings.reductionFactor(), settings.trials(),
                !settings.metric().lowerIsBetter());
        int line = 0;
        for (TuneEvent e : events) {
            line++;
            try {
                switch (e.event()) {
                    case TuneEvent.STARTED -> asha.started(e.trial());
                    case TuneEvent.PROMOTED -> asha.promoted(e.trial(), e.rung());
                    case TuneEvent.RECORDED -> asha.recorded(e.trial(), e.rung(), e.metric());
                    case TuneEvent.FAILED -> {
                        asha.failed(e.trial(), e.rung());
                        failures.put(e.trial(), e.message());
                    }
                    default -> throw new IllegalStateException("unknown event '" + e.event() + "'");
                }
            } catch (IllegalStateException | IllegalArgumentException | NullPointerException | IndexOutOfBoundsException wrong) {
                // a line edited or copied in by hand: the log no longer tells one story
                throw new UserException(TuneFolder.EVENTS + " line " + line + " does not follow from the lines before it ("
                        + (wrong.getMessage() == null ? "a field is missing" : wrong.getMessage()) + "); restore the file, or "
                        + "tune into another folder");
            }
        }
        return asha;
    }

    /** A segment trained (or failed: its message). */
    private record Done(SuccessiveHalving.Job job, String failure) {}

    /** Runs the search to its end (or until stopped), writing the leaderboard after every rung recorded. */
    public Leaderboard run() {
        try (TuneFolder.Lock lock = folder.lock()) {
            return runLocked();
        }
    }

    private Leaderboard runLocked() {
        Map<Integer, String> failures = new LinkedHashMap<>();
        SuccessiveHalving asha = replay(folder.events(), settings, failures);
        requireTrialsAsRecorded(asha, failures);
        Deque<SuccessiveHalving.Job> underWay = new ArrayDeque<>(asha.pending());
        if (!underWay.isEmpty()) {
            say("going on: %s", String.join(", ", underWay.stream().map(j -> "trial " + j.trial() + " to epoch " + j.epochs())
                    .toList()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(trainer.slots());
        CompletionService<Done> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (true) {
                while (running < trainer.slots()) {
                    SuccessiveHalving.Job job = underWay.isEmpty() ? take(asha) : underWay.poll();
                    if (job == null) {
                        break;
                    }
                    if (finished(folder.trial(job.trial()))) {
                        // early stopping ended it before this rung: its figure there is its figure so far, nothing to train
                        record(asha, new Done(job, null), failures);
                        continue;
                    }
                    announce(job);
                    done.submit(() -> new Done(job, trainer.train(job.trial(), job.epochs())));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Done d = done.take().get();
                running--;
                record(asha, d, failures);
                Leaderboard.of(folder, space, settings, asha, failures).write();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingStopped("the tuning search was interrupted; run the same tune command again to go on");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            log.flush();
        }
        Leaderboard board = Leaderboard.of(folder, space, settings, asha, failures);
        board.write();
        return board;
    }

    /**
     * Refuses trial folders that have lost epochs the log records (a history.csv or a trial's folder
     * deleted or cut): the search would rank trials on figures no run holds any more.
     */
    private void requireTrialsAsRecorded(SuccessiveHalving asha, Map<Integer, String> failures) {
        for (int trial : asha.startedTrials()) {
            int rung = asha.rungReached(trial);
            if (rung < 0 || failures.containsKey(trial)) {
                continue;
            }
            RunDirectory run = folder.trial(trial);
            int epochs = run.history().size();
            if (epochs < settings.rungs().get(rung) && !stoppedEarly(run)) {
                throw new UserException(run.root() + " holds " + epochs + " epochs, but " + TuneFolder.EVENTS + " records it at "
                        + settings.rungs().get(rung) + "; restore the trial's folder, or tune into another folder");
            }
        }
    }

    /** ASHA's next segment, recorded as taken (a trial started, or promoted); null when there is none now. */
    private SuccessiveHalving.Job take(SuccessiveHalving asha) {
        SuccessiveHalving.Job job = asha.next().orElse(null);
        if (job == null) {
            return null;
        }
        if (job.starts()) {
            folder.append(TuneEvent.started(job.trial()));
            asha.started(job.trial());
        } else {
            folder.append(TuneEvent.promoted(job.trial(), job.rung()));
            asha.promoted(job.trial(), job.rung());
        }
        return job;
    }

    private void announce(SuccessiveHalving.Job job) {
        int done = folder.trial(job.trial()).history().size();
        say("%s: %s %s of %d, rung %d of %d", name(job.trial()), done == 0 ? "trains" : "trains on,",
                done + 1 < job.epochs() ? "epochs " + (done + 1) + "-" + job.epochs() : "epoch " + job.epochs(),
                settings.maxEpochs(), job.rung() + 1, settings.rungs().size());
    }

    private void record(SuccessiveHalving asha, Done d, Map<Integer, String> failures) {
        SuccessiveHalving.Job job = d.job();
        if (d.failure() != null) {
            folder.append(TuneEvent.failed(job.trial(), job.rung(), d.failure()));
            asha.failed(job.trial(), job.rung());
            failures.put(job.trial(), d.failure());
            say("%s: failed: %s", name(job.trial()), d.failure());
            return;
        }
        List<EpochRecord> history = folder.trial(job.trial()).history();
        double metric = metricUpTo(history, job.epochs(), settings);
        folder.append(TuneEvent.recorded(job.trial(), job.rung(), metric));
        asha.recorded(job.trial(), job.rung(), metric);
        say("%s: %s %.4f by epoch %d", name(job.trial()), settings.metric().id(), metric, Math.min(job.epochs(), history.size()));
    }

    private String name(int trial) {
        return "trial " + trial + " (" + Leaderboard.shown(space.draw(settings.seed(), trial)) + ")";
    }

    private void say(String format, Object... args) {
        synchronized (log) {
            log.printf(Locale.ROOT, format + "%n", args);
            log.flush();
        }
    }

    /**
     * The trial's figure at a rung: the best validation figure of its epochs up to the rung's, the
     * epoch its weights would be kept from. (A run stopped early has fewer epochs; its best counts.)
     */
    static double metricUpTo(List<EpochRecord> history, int epochs, TuneSettings settings) {
        return history.stream().filter(r -> r.epoch() <= epochs)
                .mapToDouble(r -> settings.metric().of(r.validationLoss(), r.validationAccuracy()))
                .reduce(settings.metric().lowerIsBetter() ? Math::min : Math::max).orElse(Double.NaN);
    }
}
