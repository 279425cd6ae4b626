package org.atelier.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Locale;
import java.util.function.Supplier;
import org.atelier.augmentation.Augmenter;
import org.atelier.config.DropoutSeeds;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.models.Classifier;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.ModelSummary;
import org.atelier.models.Networks;
import org.atelier.models.ParameterFiles;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainingState;
import org.atelier.util.Seeds;
import org.atelier.util.UserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a run that live while it trains (the network, its updater and schedule, the
 * batch loader, the weight average) and the steps of the loop that use them: start an epoch,
 * train a batch, validate, keep the weights, save and restore. Every native array lives in its
 * root manager, closed with the session.
 */
final class TrainingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

    final TrainConfig config;
    final NDManager root;
    final BatchLoader loader;
    final Block block;
    final ModelSummary summary;
    final ParameterUpdater updater;
    /** The moving average of the weights, which is then validated and kept; null without one. */
    final WeightAverage average;
    final LearningRateSchedule schedule;
    final ImageSet train;
    final ImageSet validation;
    private final TrainingStep step;
    /**
     * Redraws the masks of an epoch's first batches for a run whose masks are seeded once per
     * epoch; null when they are seeded per batch (nothing to redraw) or the network's dropout order is unknown.
     */
    private final DropoutReplay replay;
    private long dropoutSeed;

    private TrainingSession(TrainConfig config, NDManager root, BatchLoader loader, ImageSet train, ImageSet validation) {
        this.config = config;
        this.root = root;
        this.loader = loader;
        this.train = train;
        this.validation = validation;
        ModelArchitecture architecture = ModelArchitecture.byName(config.model());
        Engine.getInstance().setRandomSeed(Seeds.toInt(Seeds.child(config.seed(), Seeds.INITIALISATION)));
        block = Networks.initialized(architecture, root, config.batchNormMomentum());
        summary = ModelSummary.of(architecture.id(), block, Networks.INPUT_SHAPE);
        updater = ParameterUpdater.forBlock(config.optimizer(), block, config.l2(), architecture::decays, root);
        average = config.ema() > 0 ? new WeightAverage(block, config.ema(), root) : null;
        schedule = LearningRateSchedule.of(config, loader.batchesPerEpoch());
        step = new TrainingStep(block, root, updater, new WeightedCrossEntropy(FashionClass.COUNT, config.labelSmoothing()),
                !config.classWeights().isEmpty());
        replay = config.dropoutSeeds() == DropoutSeeds.PER_EPOCH ? DropoutReplay.of(block, Networks.INPUT_SHAPE).orElse(null) : null;
    }

    /** A session for {@code config} (resolved) on {@code data}, its network initialised from the run's seed. */
    static TrainingSession open(TrainConfig config, PreparedData data, Device device) {
        // PyTorch records operations for autograd per thread, on by default; DJL's engine turns that off only on the
        // thread that started it, and a GradientCollector puts back what it found. A run trained on another thread (a
        // tuning search's pool, a Spark task) found it on: the optimizer's in-place updates were then refused ("a leaf
        // Variable that requires grad is being used in an in-place operation") and validation built graphs for nothing.
        ai.djl.engine.Engine.getInstance(); // loads the native library, on the first run of a process
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Augmenter augmenter = TrainingInputs.augmenter(config);
        ImageSet train = TrainingInputs.trainingImages(config, data, augmenter);
        NDManager root = NDManager.newBaseManager(device);
        BatchLoader loader = null;
        try {
            loader = new BatchLoader(train, config.batchSize(), TrainingInputs.classWeights(config),
                    config.augmentsOnline() ? augmenter : null);
            return new TrainingSession(config, root, loader, train, TrainingInputs.validationImages(config, data));
        } catch (RuntimeException e) {
            if (loader != null) {
                loader.close();
            }
            root.close();
            throw e;
        }
    }

    /** Whether the run can save mid-epoch and resume there exactly. */
    boolean resumesMidEpoch() {
        return config.dropoutSeeds() == DropoutSeeds.PER_BATCH || replay != null;
    }

    boolean validates() {
        return validation.size() > 0;
    }

    /** Starts epoch {@code epoch}, or its rest from {@code soFar}: its dropout stream, its batches and its tally. */
    EpochTally startEpoch(int epoch, TrainingState.EpochSoFar soFar) {
        dropoutSeed = Seeds.child(config.seed(), Seeds.DROPOUT, epoch);
        if (config.dropoutSeeds() == DropoutSeeds.PER_EPOCH) {
            seedEpochDropout(epoch, soFar);
        }
        loader.startEpoch(TrainingInputs.epochSeed(config, epoch), epoch, soFar.batches());
        return new EpochTally(epoch, schedule.rate(updater.steps() - soFar.batches()), soFar, loader);
    }

    /**
     * Seeds the dropout masks' stream for the whole epoch, as runs saved before per-batch seeds do,
     * so that a resumed run draws the same masks; part-way through the epoch, draws again those of
     * the batches already trained.
     */
    private void seedEpochDropout(int epoch, TrainingState.EpochSoFar soFar) {
        Engine.getInstance().setRandomSeed(Seeds.toInt(dropoutSeed));
        if (soFar.batches() > 0 && soFar.batches() < soFar.batchesPerEpoch()) {
            long start = System.nanoTime();
            replay.redraw(root, soFar.batches(), loader::sizeOfBatch);
            LOG.info("drew the dropout masks of the first {} batches of epoch {} again in {} s (the run seeds them per epoch)",
                    soFar.batches(), epoch, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        }
    }

    /** The epoch's next batch, or null at its end. */
    BatchLoader.Batch nextBatch() {
        try {
            return loader.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("training interrupted");
        }
    }

    /** One optimisation step on {@code batch}, counted in {@code tally}. */
    TrainingStep.Outcome train(BatchLoader.Batch batch, EpochTally tally) {
        if (config.dropoutSeeds() == DropoutSeeds.PER_BATCH) {
            Engine.getInstance().setRandomSeed(Seeds.toInt(Seeds.child(dropoutSeed, tally.batches)));
        }
        TrainingStep.Outcome outcome = step.run(batch, loader, schedule.rate(updater.steps()));
        tally.add(outcome);
        return outcome;
    }

    /** The learning rate of the next step. */
    double currentRate() {
        return schedule.rate(updater.steps());
    }

    /**
     * Validates the kept weights (the average, where there is one), records the epoch whose batches
     * summed to {@code trained}, and lets the schedule hear its validation figures.
     */
    EpochRecord validate(EpochTally tally, TrainingState.EpochSoFar trained) {
        long validationStart = System.nanoTime();
        double[] val = onKeptWeights(() -> validates()
                ? Classifier.lossAndAccuracy(new Classifier(block, root).probabilities(validation), validation.labels())
                : new double[] {Double.NaN, Double.NaN});
        double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
        EpochRecord record = new EpochRecord(tally.epoch, trained.crossEntropySum() / trained.seen(),
                (double) trained.correct() / trained.seen(), val[0], val[1], tally.learningRate, trained.seconds(),
                train.size() / trained.seconds(), trained.loaderWaitSeconds(), EpochRecord.residentMegabytesNow(),
                trained.objectiveSum() / trained.seen(), validationSeconds);
        if (validates()) {
            schedule.onEpochEnd(val[0], val[1]);
        }
        return record;
    }

    /** Writes the kept weights as the run's last parameters, and as its best when they are. */
    void keepWeights(RunDirectory run, boolean best) {
        onKeptWeights(() -> {
            if (best) {
                ParameterFiles.save(block, run.file(RunDirectory.BEST_PARAMS));
            }
            ParameterFiles.save(block, run.file(RunDirectory.LAST_PARAMS));
            return null;
        });
    }

    /** Writes the run's checkpoint with {@code state}'s bookkeeping and everything the session holds; returns the trainer's state saved. */
    TrainingState checkpoint(RunDirectory run, LoopState state, TrainingState.EpochSoFar soFar) {
        TrainingState saved = state.saved(schedule.state(), soFar);
        Checkpoint.write(run, saved, block, updater, average);
        return saved;
    }

    /** Loads the run's checkpoint into the session; returns the trainer's state it held. */
    TrainingState restore(RunDirectory run) {
        TrainingState state = Checkpoint.read(run, block, root, updater, average);
        // Loading replaces the parameter arrays with ones that do not track gradients.
        updater.parameters().forEach(p -> p.getArray().setRequiresGradient(true));
        schedule.restore(state.plateau());
        return state;
    }

    /** Runs {@code action} on the weights a run validates and keeps: the moving average when there is one, else the live weights. */
    private <T> T onKeptWeights(Supplier<T> action) {
        return average == null ? action.get() : average.withAveraged(action);
    }

    @Override
    public void close() {
        try {
            loader.close();
        } finally {
            root.close();
        }
    }
}
