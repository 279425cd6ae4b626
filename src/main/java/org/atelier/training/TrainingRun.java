package org.atelier.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.atelier.augmentation.Augmenter;
import org.atelier.augmentation.OfflineAugmentation;
import org.atelier.config.Schedule;
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
import org.atelier.util.AtomicFiles;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * Trains one model from a {@link TrainConfig} into a {@link RunDirectory}: Adam or SGD on weighted,
 * optionally smoothed cross-entropy, validation after every epoch, ReduceLROnPlateau, early
 * stopping on validation accuracy, and a checkpoint after every epoch so an interrupted run loses
 * at most one epoch and can be resumed.
 */
public final class TrainingRun {
    private static final String CHECKPOINT_MAGIC = "atelier-checkpoint-1";

    private final TrainConfig config;
    private final ModelArchitecture architecture;
    private final RunDirectory run;
    private final ProgressListener listener;
    private final Device device;

    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener listener) {
        this(config, run, listener, Device.cpu());
    }

    /** @param device where the network trains; the results do not depend on it beyond rounding */
    public TrainingRun(TrainConfig config, RunDirectory run, ProgressListener listener, Device device) {
        this.device = device;
        this.config = config.resolved();
        validate(this.config);
        this.architecture = ModelArchitecture.byName(config.model());
        this.run = run;
        this.listener = listener;
    }

    static void validate(TrainConfig c) {
        if (c.epochs() < 1) {
            throw new UserException("epochs must be at least 1, got " + c.epochs());
        }
        if (c.batchSize() < 1) {
            throw new UserException("batch size must be at least 1, got " + c.batchSize());
        }
        if (!(c.learningRate() > 0)) {
            throw new UserException("learning rate must be positive, got " + c.learningRate());
        }
        if (c.classWeights().length != 0 && c.classWeights().length != FashionClass.COUNT) {
            throw new UserException("class weights need one value per class (10), got " + c.classWeights().length);
        }
        if (c.offlineCopies() > 0 && !c.augment().enabled()) {
            throw new UserException("offline augmentation needs augmentation settings");
        }
        if (c.offlineCopies() > 0 && c.augment().alternateFlips()) {
            throw new UserException("alternating flips follow the epochs, so they need on-the-fly augmentation, not offline copies");
        }
        if (!(c.ema() >= 0 && c.ema() < 1)) {
            throw new UserException("moving-average decay must be in [0, 1), got " + c.ema());
        }
        if (!(c.labelSmoothing() >= 0 && c.labelSmoothing() < 1)) {
            throw new UserException("label smoothing must be in [0, 1), got " + c.labelSmoothing());
        }
    }

    /** Trains from scratch, or from the run's checkpoint when {@code resume} is set. */
    public TrainingResult train(PreparedData data, boolean resume) {
        ImageSet train = data.train().first(config.trainLimit());
        ImageSet validation = data.validation().first(config.validationLimit());
        Augmenter augmenter = config.augment().enabled() ? new Augmenter(config.augment(), config.seed()) : null;
        if (config.offlineCopies() > 0) {
            train = OfflineAugmentation.expand(train, augmenter, config.offlineCopies(), config.seed());
        }
        Engine engine = Engine.getInstance();
        try (NDManager root = NDManager.newBaseManager(device);
             BatchLoader loader = new BatchLoader(train, config.batchSize(), classWeights(),
                     config.augmentsOnline() ? augmenter : null)) {
            engine.setRandomSeed((int) config.seed());
            Block block = Networks.initialized(architecture, root);
            ModelSummary summary = ModelSummary.of(architecture.id(), block, Networks.INPUT_SHAPE);
            ParameterUpdater optimizer = ParameterUpdater.forBlock(config.optimizer(), block, config.l2(), root);
            WeightAverage average = config.ema() > 0 ? new WeightAverage(block, config.ema(), root) : null;
            PlateauScheduler plateau = new PlateauScheduler(config.plateau(), config.learningRate());
            OneCycleSchedule oneCycle = config.schedule() == Schedule.ONE_CYCLE
                    ? new OneCycleSchedule(config.learningRate(), (long) config.epochs() * loader.batchesPerEpoch(), 0.2)
                    : null;
            List<EpochRecord> history = new ArrayList<>();
            double bestAccuracy = -1;
            int bestEpoch = 0;
            int sinceBest = 0;
            int firstEpoch = 1;
            if (resume) {
                TrainingState state = readCheckpoint(block, root, optimizer, average);
                // Loading replaces the parameter arrays with ones that do not track gradients.
                optimizer.parameters().forEach(p -> p.getArray().setRequiresGradient(true));
                history.addAll(state.history());
                plateau.restore(state.plateau());
                bestAccuracy = state.bestValidationAccuracy();
                bestEpoch = state.bestEpoch();
                sinceBest = state.epochsSinceBest();
                firstEpoch = state.epochsDone() + 1;
            } else {
                run.writeConfig(config);
                AtomicFiles.writeString(run.file(RunDirectory.SUMMARY), summary.render());
            }
            TrainingStep step = new TrainingStep(block, root, optimizer,
                    new WeightedCrossEntropy(FashionClass.COUNT, config.labelSmoothing()), config.classWeights().length > 0);
            boolean stoppedEarly = false;
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                // Seeds per epoch, so a resumed run draws the same shuffles and dropout masks.
                engine.setRandomSeed((int) (config.seed() * 1_000_003L + epoch));
                loader.startEpoch(config.seed() * 31 + epoch, epoch);
                double lr = oneCycle != null ? oneCycle.rate(optimizer.steps()) : plateau.learningRate();
                double waitBefore = loader.waitSeconds();
                listener.onEpochStart(epoch, config.epochs(), loader.batchesPerEpoch());
                double[] trainStats = trainEpoch(step, loader, lr, oneCycle, optimizer, average);
                // With no validation split (training on all images) every epoch counts as the best so far.
                double[] val = onKeptWeights(average, () -> validation.size() == 0 ? new double[] {Double.NaN, Double.NaN}
                        : Classifier.lossAndAccuracy(new Classifier(block, root).probabilities(validation), validation.labels()));
                EpochRecord record = new EpochRecord(epoch, trainStats[0], trainStats[1], val[0], val[1], lr,
                        trainStats[2], train.size() / trainStats[2], loader.waitSeconds() - waitBefore,
                        EpochRecord.residentMegabytesNow());
                history.add(record);
                if (validation.size() > 0) {
                    plateau.onEpochEnd(config.plateau().monitor().of(val[0], val[1]));
                }
                boolean best = validation.size() == 0 || val[1] > bestAccuracy;
                if (best) {
                    bestAccuracy = val[1];
                    bestEpoch = epoch;
                    sinceBest = 0;
                }
                onKeptWeights(average, () -> {
                    if (best) {
                        ParameterFiles.save(block, run.file(RunDirectory.BEST_PARAMS));
                    }
                    ParameterFiles.save(block, run.file(RunDirectory.LAST_PARAMS));
                    return null;
                });
                if (!best) {
                    sinceBest++;
                }
                writeHistory(history);
                writeCheckpoint(block, optimizer, average, new TrainingState(epoch,
                        history.stream().map(EpochRecord::toCsv).toList(), plateau.state(), bestAccuracy, bestEpoch,
                        sinceBest));
                listener.onEpochEnd(record, best);
                if (config.earlyStoppingPatience() > 0 && sinceBest >= config.earlyStoppingPatience()
                        && epoch < config.epochs()) {
                    stoppedEarly = true;
                    break;
                }
            }
            double seconds = history.stream().mapToDouble(EpochRecord::trainSeconds).sum();
            double images = (double) train.size() * history.size();
            TrainingResult result = new TrainingResult(run, List.copyOf(history), bestEpoch, bestAccuracy,
                    summary.parameters(), summary.flops(), seconds, images / seconds, stoppedEarly);
            writeMetrics(result, loader.waitSeconds(), train.size());
            return result;
        }
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

    /** One pass over the training batches; returns mean loss, accuracy and seconds. */
    private double[] trainEpoch(TrainingStep step, BatchLoader loader, double epochLr, OneCycleSchedule oneCycle,
                                ParameterUpdater optimizer, WeightAverage average) {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int batchIndex = 0;
        try {
            for (BatchLoader.Batch b = loader.next(); b != null; b = loader.next()) {
                double lr = oneCycle != null ? oneCycle.rate(optimizer.steps()) : epochLr;
                TrainingStep.Outcome outcome = step.run(b, loader, lr);
                if (average != null) {
                    average.update(optimizer.steps());
                }
                lossSum += outcome.loss() * outcome.size();
                correct += outcome.correct();
                seen += outcome.size();
                batchIndex++;
                double elapsed = (System.nanoTime() - start) / 1e9;
                listener.onBatch(batchIndex, lossSum / seen, (double) correct / seen, seen / elapsed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("training interrupted");
        }
        return new double[] {lossSum / seen, (double) correct / seen, (System.nanoTime() - start) / 1e9};
    }

    private void writeHistory(List<EpochRecord> history) {
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        history.forEach(r -> csv.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(run.file(RunDirectory.HISTORY), csv.toString());
    }

    private void writeMetrics(TrainingResult r, double waitSeconds, int trainImages) {
        Map<String, Object> m = new LinkedHashMap<>();
        EpochRecord best = r.history().stream().filter(e -> e.epoch() == r.bestEpoch()).findFirst().orElseThrow();
        m.put("model", config.model());
        m.put("val_accuracy", finiteOrNull(r.bestValidationAccuracy()));
        m.put("val_loss", finiteOrNull(best.validationLoss()));
        m.put("train_accuracy", best.trainAccuracy());
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs_run", r.history().size());
        m.put("stopped_early", r.stoppedEarly());
        m.put("train_images", trainImages);
        m.put("params", r.parameters());
        m.put("flops_per_image", r.flopsPerImage());
        m.put("train_seconds", r.trainSeconds());
        m.put("train_images_per_second", r.trainImagesPerSecond());
        m.put("loader_wait_seconds", waitSeconds);
        m.put("final_learning_rate", r.history().get(r.history().size() - 1).learningRate());
        run.mergeMetrics(m);
    }

    /** JSON has no NaN: a metric that was not measured (no validation split) is null. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** One file holding state, parameters and optimizer moments, so the three never disagree. */
    private void writeCheckpoint(Block block, ParameterUpdater optimizer, WeightAverage average, TrainingState state) {
        AtomicFiles.write(run.file(RunDirectory.CHECKPOINT), sink -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
            out.writeUTF(CHECKPOINT_MAGIC);
            byte[] json = Json.MAPPER.writeValueAsBytes(state);
            out.writeInt(json.length);
            out.write(json);
            block.saveParameters(out);
            optimizer.save(out);
            if (average != null) {
                average.save(out);
            }
            out.flush();
        });
    }

    private TrainingState readCheckpoint(Block block, NDManager manager, ParameterUpdater optimizer, WeightAverage average) {
        if (!run.has(RunDirectory.CHECKPOINT)) {
            throw new UserException(run.root() + ": nothing to resume (no " + RunDirectory.CHECKPOINT + ")");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(run.file(RunDirectory.CHECKPOINT)), 1 << 16)) {
            DataInputStream in = new DataInputStream(raw);
            if (!CHECKPOINT_MAGIC.equals(in.readUTF())) {
                throw new IOException("not an Atelier checkpoint");
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            TrainingState state = Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), TrainingState.class);
            block.loadParameters(manager, in);
            optimizer.load(in);
            if (average != null) {
                average.load(in);
            }
            return state;
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new UserException(run.file(RunDirectory.CHECKPOINT) + ": cannot resume (" + e.getMessage() + ")");
        }
    }
}
