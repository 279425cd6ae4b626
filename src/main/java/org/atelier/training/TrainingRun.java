package org.atelier.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.atelier.augmentation.AugmentationPreview;
import org.atelier.augmentation.Augmenter;
import org.atelier.augmentation.OfflineAugmentation;
import org.atelier.config.DropoutSeeds;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.models.Classifier;
import org.atelier.models.Devices;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.ModelSummary;
import org.atelier.models.Networks;
import org.atelier.models.ParameterFiles;
import org.atelier.run.EpochRecord;
import org.atelier.run.Provenance;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.run.RunStanding;
import org.atelier.run.TrainingState;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Seeds;
import org.atelier.util.UserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model from a {@link TrainConfig} into a {@link RunDirectory}: Adam or SGD on weighted,
 * optionally smoothed cross-entropy, validation after every epoch, a learning-rate schedule, early
 * stopping on validation accuracy, and a checkpoint after every epoch, every {@link #SAVE_INTERVAL}
 * within an epoch and at a {@link StopRequest}, from which the run resumes exactly.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /**
     * How often a run saves within an epoch: a long epoch (half an hour for the MiniResNet on two
     * cores) loses at most this much to a crash, for a few seconds of writing.
     */
    public static final Duration SAVE_INTERVAL = Duration.ofMinutes(10);

    private final TrainConfig config;
    private final ModelArchitecture architecture;
    private final RunDirectory run;
    private final ProgressListener listener;
    private final Device device;
    private final StopRequest stop = new StopRequest();
    private Duration saveInterval = SAVE_INTERVAL;

    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener listener) {
        this(config, run, listener, Device.cpu());
    }

    /** @param device where the network trains; the results do not depend on it beyond rounding */
    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener listener, Device device) {
        this.device = device;
        this.config = config.resolved();
        this.config.validate();
        this.architecture = ModelArchitecture.byName(config.model());
        this.run = run;
        this.listener = listener;
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
            throw new UserException(String.format("--augment-offline %d: the originals and %d copies of %,d images need %.1f GB, "
                    + "more than fits (%.1f GB: one Java array, at most half the heap); at most %d copies fit",
                    config.offlineCopies(), config.offlineCopies(), images, needed / 1e9, limit / 1e9, limit / perSet - 1));
        }
    }

    /** The training images as this run trains on them: the limit applied, then any offline copies. */
    private ImageSet trainingImages(PreparedData data, Augmenter augmenter) {
        ImageSet train = data.train().first(config.trainLimit());
        return config.offlineCopies() > 0
                ? OfflineAugmentation.expand(train, augmenter, config.offlineCopies(), config.seed())
                : train;
    }

    private Augmenter augmenter() {
        return config.augment().enabled() ? new Augmenter(config.augment(), config.seed()) : null;
    }

    /** The seed of epoch {@code epoch}'s order and augmentation. */
    long epochSeed(int epoch) {
        return Seeds.child(config.seed(), Seeds.DATA_ORDER, epoch);
    }

    /**
     * The first {@code count} training images and their versions as this run trains on them: in
     * epochs 1 to {@code versions} through the batch loader with the run's seeds, or its first
     * offline copies. Null without augmentation.
     */
    public AugmentationPreview augmentationPreview(PreparedData data, int count, int versions) {
        Augmenter augmenter = augmenter();
        if (augmenter == null) {
            return null;
        }
        ImageSet originals = data.train().first(config.trainLimit());
        boolean offline = config.offlineCopies() > 0;
        List<AugmentationPreview.Example> examples = new ArrayList<>();
        try (BatchLoader loader = offline ? null : new BatchLoader(originals, config.batchSize(), null, augmenter)) {
            for (int i = 0; i < Math.min(count, originals.size()); i++) {
                List<float[]> shown = new ArrayList<>();
                for (int v = 1; v <= (offline ? Math.min(versions, config.offlineCopies()) : versions); v++) {
                    shown.add(offline ? OfflineAugmentation.copyOf(originals, augmenter, v, i, config.seed())
                            : loader.imageAsTrained(i, epochSeed(v), v));
                }
                float[] original = new float[originals.pixelsPerImage()];
                originals.copyNormalized(i, original, 0);
                examples.add(new AugmentationPreview.Example(originals.label(i), original, shown, originals.rows()));
            }
        }
        return new AugmentationPreview(config.augment(), offline ? "copy" : "epoch", examples);
    }

    /**
     * The parts of a run that live while it trains. {@code replay} redraws the masks of an epoch's
     * first batches for a run whose masks are seeded once per epoch; null when they are seeded per
     * batch (nothing to redraw) or when the network's dropout order is unknown.
     */
    private record Session(NDManager root, Block block, ParameterUpdater updater, WeightAverage average, LearningRateSchedule schedule,
                           TrainingStep step, BatchLoader loader, ImageSet train, ImageSet validation, DropoutReplay replay) {}

    /** Whether the run can save mid-epoch and resume there exactly. */
    private boolean resumesMidEpoch(Session s) {
        return config.dropoutSeeds() == DropoutSeeds.PER_BATCH || s.replay() != null;
    }

    /** Trains from scratch, or from the run's checkpoint when {@code resume} is set. */
    public TrainingResult train(PreparedData data, boolean resume) {
        Augmenter augmenter = augmenter();
        ImageSet train = trainingImages(data, augmenter);
        ImageSet validation = data.validation().first(config.validationLimit());
        Engine engine = Engine.getInstance();
        try (NDManager root = NDManager.newBaseManager(device);
             BatchLoader loader = new BatchLoader(train, config.batchSize(), classWeights(),
                     config.augmentsOnline() ? augmenter : null)) {
            engine.setRandomSeed(Seeds.toInt(Seeds.child(config.seed(), Seeds.INITIALISATION)));
            Block block = Networks.initialized(architecture, root, config.batchNormMomentum());
            ModelSummary summary = ModelSummary.of(architecture.id(), block, Networks.INPUT_SHAPE);
            ParameterUpdater updater = ParameterUpdater.forBlock(config.optimizer(), block, config.l2(),
                    architecture::decays, root);
            Session s = new Session(root, block, updater,
                    config.ema() > 0 ? new WeightAverage(block, config.ema(), root) : null,
                    LearningRateSchedule.of(config, loader.batchesPerEpoch()),
                    new TrainingStep(block, root, updater, new WeightedCrossEntropy(FashionClass.COUNT, config.labelSmoothing()),
                            config.classWeights().length > 0),
                    loader, train, validation, config.dropoutSeeds() == DropoutSeeds.PER_EPOCH
                            ? DropoutReplay.of(block, Networks.INPUT_SHAPE).orElse(null) : null);
            Progress progress = resume ? restore(s) : start(summary);
            if (resume) {
                listener.onResume(List.copyOf(progress.history));
            }
            run.recordProvenance(Provenance.now(data.source(), Devices.threads(), resume ? progress.epochsDone : null,
                    progress.resumeFrom == null ? null : progress.resumeFrom.batches()));
            boolean stoppedEarly = false;
            stop.started();
            try {
                for (int epoch = progress.epochsDone + 1; epoch <= config.epochs(); epoch++) {
                    if (stop.requested()) {
                        throw stopped("before the next batch of epoch " + epoch);
                    }
                    epoch(s, epoch, progress);
                    if (config.stopsEarlyAfter(epoch, progress.sinceBest)) {
                        stoppedEarly = true;
                        break;
                    }
                    progress.sinceBest = config.patienceAfter(epoch, progress.sinceBest);
                }
            } finally {
                stop.ended();
            }
            List<EpochRecord> history = progress.history;
            double seconds = history.stream().mapToDouble(EpochRecord::trainSeconds).sum();
            double images = (double) train.size() * history.size();
            TrainingResult result = new TrainingResult(run, List.copyOf(history), progress.bestEpoch, progress.bestAccuracy,
                    summary.parameters(), summary.flops(), seconds, images / seconds, stoppedEarly);
            writeMetrics(result, loader.waitSeconds(), train.size());
            return result;
        }
    }

    /** The trainer's bookkeeping between epochs, as checkpoints save it. */
    private static final class Progress {
        final List<EpochRecord> history = new ArrayList<>();
        int epochsDone;
        double bestAccuracy = -1;
        int bestEpoch;
        int sinceBest;
        /** The part of the next epoch a mid-epoch save holds, until that epoch goes on from it. */
        TrainingState.EpochSoFar resumeFrom;
        long lastSaveNanos = System.nanoTime();
    }

    private Progress start(ModelSummary summary) {
        run.writeConfig(config);
        AtomicFiles.writeString(run.file(RunDirectory.SUMMARY), summary.render());
        return new Progress();
    }

    private Progress restore(Session s) {
        TrainingState state = Checkpoint.read(run, s.block(), s.root(), s.updater(), s.average());
        // Loading replaces the parameter arrays with ones that do not track gradients.
        s.updater().parameters().forEach(p -> p.getArray().setRequiresGradient(true));
        Progress p = new Progress();
        p.history.addAll(state.history());
        s.schedule().restore(state.plateau());
        p.epochsDone = state.epochsDone();
        p.bestAccuracy = state.bestValidationAccuracy();
        p.bestEpoch = state.bestEpoch();
        p.sinceBest = state.epochsSinceBest();
        p.resumeFrom = state.epochSoFar();
        stop.saved(state.describe(config.epochs()));
        new RunStanding(run, config, state).requireUnfinished();
        p.sinceBest = config.patienceAfter(p.epochsDone, p.sinceBest);
        return p;
    }

    /** One epoch (or the rest of one a mid-epoch save holds): train, validate, keep the best weights, record, checkpoint. */
    private void epoch(Session s, int epoch, Progress p) {
        TrainingState.EpochSoFar soFar = p.resumeFrom != null ? p.resumeFrom
                : TrainingState.EpochSoFar.none(s.loader().batchesPerEpoch());
        p.resumeFrom = null;
        if (config.dropoutSeeds() == DropoutSeeds.PER_EPOCH) {
            seedEpochDropout(s, epoch, soFar);
        }
        s.loader().startEpoch(epochSeed(epoch), epoch, soFar.batches());
        double lr = s.schedule().rate(s.updater().steps() - soFar.batches());
        listener.onEpochStart(epoch, config.epochs(), s.loader().batchesPerEpoch());
        TrainingState.EpochSoFar trained = trainEpoch(s, epoch, p, soFar);
        boolean validates = s.validation().size() > 0;
        if (validates) {
            if (resumesMidEpoch(s) && soFar.batches() < trained.batches()) {
                // Validation takes minutes for the big models: a crash or Ctrl-C during it then costs only the validation.
                save(s, p, trained);
            }
            listener.onValidation(epoch, s.validation().size());
        }
        long validationStart = System.nanoTime();
        double[] val = onKeptWeights(s.average(), () -> validates
                ? Classifier.lossAndAccuracy(new Classifier(s.block(), s.root()).probabilities(s.validation()),
                        s.validation().labels())
                : new double[] {Double.NaN, Double.NaN});
        double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
        EpochRecord record = new EpochRecord(epoch, trained.crossEntropySum() / trained.seen(),
                (double) trained.correct() / trained.seen(), val[0], val[1], lr, trained.seconds(),
                s.train().size() / trained.seconds(), trained.loaderWaitSeconds(), EpochRecord.residentMegabytesNow(),
                trained.objectiveSum() / trained.seen(), validationSeconds);
        p.history.add(record);
        if (validates) {
            s.schedule().onEpochEnd(val[0], val[1]);
        }
        // With no validation split (training on all images) every epoch counts as the best so far.
        boolean best = !validates || val[1] > p.bestAccuracy;
        if (best) {
            p.bestAccuracy = val[1];
            p.bestEpoch = epoch;
            p.sinceBest = 0;
        } else {
            p.sinceBest++;
        }
        onKeptWeights(s.average(), () -> {
            if (best) {
                ParameterFiles.save(s.block(), run.file(RunDirectory.BEST_PARAMS));
            }
            ParameterFiles.save(s.block(), run.file(RunDirectory.LAST_PARAMS));
            return null;
        });
        p.epochsDone = epoch;
        run.writeHistory(p.history);
        save(s, p, null);
        listener.onEpochEnd(record, best);
    }

    /**
     * Seeds the dropout masks' stream for the whole epoch, as runs saved before per-batch seeds do,
     * so that a resumed run draws the same masks; part-way through the epoch, draws again those of
     * the batches already trained.
     */
    private void seedEpochDropout(Session s, int epoch, TrainingState.EpochSoFar soFar) {
        Engine.getInstance().setRandomSeed(Seeds.toInt(Seeds.child(config.seed(), Seeds.DROPOUT, epoch)));
        if (soFar.batches() > 0 && soFar.batches() < soFar.batchesPerEpoch()) {
            long start = System.nanoTime();
            s.replay().redraw(s.root(), soFar.batches(), s.loader()::sizeOfBatch);
            LOG.info("drew the dropout masks of the first {} batches of epoch {} again in {} s (the run seeds them per epoch)",
                    soFar.batches(), epoch, String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        }
    }

    /** Writes the checkpoint: at the end of an epoch ({@code soFar} null) or part-way through the next. */
    private void save(Session s, Progress p, TrainingState.EpochSoFar soFar) {
        TrainingState state = new TrainingState(p.epochsDone, p.history.stream().map(EpochRecord::toCsv).toList(),
                s.schedule().state(), p.bestAccuracy, p.bestEpoch, p.sinceBest, soFar);
        Checkpoint.write(run, state, s.block(), s.updater(), s.average());
        p.lastSaveNanos = System.nanoTime();
        stop.saved(state.describe(config.epochs()));
    }

    /** The exception that ends the run at a stop request, saying what is kept. */
    private TrainingStopped stopped(String where) {
        return new TrainingStopped("stopped " + where + "; " + run.root() + (stop.lastSave() == null
                ? " holds no saved training yet" : " keeps its training up to " + stop.lastSave()));
    }

    private float[] classWeights() {
        if (config.classWeights().length == 0) {
            return null;
        }
        float[] w = new float[FashionClass.COUNT];
        for (int c = 0; c < w.length; c++) {
            w[c] = (float) config.classWeights()[c];
        }
        return w;
    }

    /**
     * Runs {@code action} on the weights a run validates and keeps: the moving average when there
     * is one, else the live weights.
     */
    private static <T> T onKeptWeights(WeightAverage average, Supplier<T> action) {
        return average == null ? action.get() : average.withAveraged(action);
    }

    /**
     * Trains the epoch's batches, from where {@code soFar} left off, and returns the whole epoch's
     * sums. Saves part-way every {@link #saveInterval}, and saves and stops at a stop request, when
     * the run can resume exactly after any batch (see {@link #resumesMidEpoch}).
     */
    private TrainingState.EpochSoFar trainEpoch(Session s, int epoch, Progress p, TrainingState.EpochSoFar soFar) {
        EpochTally tally = new EpochTally(soFar, s.loader());
        boolean seededPerBatch = config.dropoutSeeds() == DropoutSeeds.PER_BATCH;
        boolean savesMidEpoch = resumesMidEpoch(s);
        long dropoutSeed = Seeds.child(config.seed(), Seeds.DROPOUT, epoch);
        try {
            for (BatchLoader.Batch b = s.loader().next(); b != null; b = s.loader().next()) {
                if (seededPerBatch) {
                    Engine.getInstance().setRandomSeed(Seeds.toInt(Seeds.child(dropoutSeed, tally.batches)));
                }
                TrainingStep.Outcome outcome = s.step().run(b, s.loader(), s.schedule().rate(s.updater().steps()));
                if (!Double.isFinite(outcome.objective())) {
                    // Stop before this epoch's weights, now NaN, are saved: the last checkpoint stays good.
                    throw new UserException(String.format(java.util.Locale.ROOT, "training diverged: the loss became %s at step %d "
                            + "of epoch %d (learning rate %.3g); nothing of this epoch was saved. Try a lower --lr",
                            outcome.objective(), tally.batches + 1, s.loader().currentEpoch(), s.schedule().rate(s.updater().steps())));
                }
                if (s.average() != null) {
                    s.average().update(s.updater().steps());
                }
                tally.add(outcome);
                listener.onBatch(tally.batches, tally.crossEntropySum / tally.seen, (double) tally.correct / tally.seen,
                        tally.imagesPerSecondSinceStart());
                boolean stopping = stop.requested();
                if (savesMidEpoch && (stopping || System.nanoTime() - p.lastSaveNanos >= saveInterval.toNanos())) {
                    save(s, p, tally.now());
                }
                if (stopping) {
                    throw stopped("after batch " + tally.batches + " of " + soFar.batchesPerEpoch() + " of epoch " + epoch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("training interrupted");
        }
        return tally.now();
    }

    /** An epoch's running sums as its batches train, going on from the part of it a save holds. */
    private static final class EpochTally {
        private final TrainingState.EpochSoFar saved;
        private final BatchLoader loader;
        private final long start = System.nanoTime();
        private final double waitBefore;
        int batches;
        double crossEntropySum;
        double objectiveSum;
        long correct;
        long seen;

        EpochTally(TrainingState.EpochSoFar saved, BatchLoader loader) {
            this.saved = saved;
            this.loader = loader;
            waitBefore = loader.waitSeconds();
            batches = saved.batches();
            crossEntropySum = saved.crossEntropySum();
            objectiveSum = saved.objectiveSum();
            correct = saved.correct();
            seen = saved.seen();
        }

        void add(TrainingStep.Outcome outcome) {
            crossEntropySum += outcome.crossEntropy() * outcome.size();
            objectiveSum += outcome.objective() * outcome.size();
            correct += outcome.correct();
            seen += outcome.size();
            batches++;
        }

        /** The pace of this process's part of the epoch. */
        double imagesPerSecondSinceStart() {
            return (seen - saved.seen()) / ((System.nanoTime() - start) / 1e9);
        }

        /** The epoch so far, its time and waits counting the saved part's. */
        TrainingState.EpochSoFar now() {
            return new TrainingState.EpochSoFar(batches, saved.batchesPerEpoch(), crossEntropySum, objectiveSum, correct, seen,
                    saved.seconds() + (System.nanoTime() - start) / 1e9, saved.loaderWaitSeconds() + loader.waitSeconds() - waitBefore);
        }
    }

    private void writeMetrics(TrainingResult r, double waitSeconds, int trainImages) {
        EpochRecord best = r.history().stream().filter(e -> e.epoch() == r.bestEpoch()).findFirst().orElseThrow();
        run.writeMetrics(RunMetrics.ofTraining(config.model(), r.bestValidationAccuracy(), best.validationLoss(),
                best.trainAccuracy(), r.bestEpoch(), r.history().size(), r.stoppedEarly(), trainImages, r.parameters(),
                r.flopsPerImage(), r.trainSeconds(), r.trainImagesPerSecond(), waitSeconds,
                r.history().get(r.history().size() - 1).learningRate()));
    }
}
