package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.data.DataConfig;
import org.atelier.models.ModelArchitecture;

/**
 * Everything that decides a training run; saved as config.json so the run can be repeated.
 * {@link #defaults()} is the one place the defaults live.
 *
 * @param model architecture name (baseline)
 * @param epochs maximum number of epochs (10)
 * @param batchSize images per step (256, the study's best)
 * @param learningRate the initial (or, with one-cycle, the peak) learning rate; negative means the
 *     default (-1): with Adam the model's own (0.002 for baseline, 0.003 for fastnet, 0.001, Keras'
 *     default, for the others), with SGD {@link #SGD_LEARNING_RATE}
 * @param seed seeds parameter initialisation, shuffling, augmentation and dropout (42)
 * @param l2 L2 coefficient on convolution and dense kernels; negative means the model's own (-1)
 * @param data where the data comes from and how it is split
 * @param plateau ReduceLROnPlateau settings (val_loss, factor 0.5, patience 2, min delta 1e-4, min rate 1e-5;
 *     factor 0 switches it off)
 * @param earlyStoppingPatience epochs without a better validation accuracy before stopping; 0 switches it off (0)
 * @param trainLimit use only the first N training images, 0 for all (0)
 * @param validationLimit use only the first N validation images, 0 for all (0)
 * @param labelSmoothing share of the target spread over all classes (0)
 * @param classWeights loss weight per class (10 values), empty for none
 * @param augment augmentation settings (none)
 * @param offlineCopies augmented copies of the training set made before training with the
 *     {@code augment} settings, which then do not apply on the fly; 0 augments on the fly (0)
 * @param schedule how the learning rate moves (plateau)
 * @param optimizer the update rule (adam)
 * @param ema decay per step of an exponential moving average of the weights, which is then what
 *     is validated and saved; 0 switches it off, as in runs saved before it existed (0)
 * @param batchNormMomentum the share of BatchNorm's running statistics kept at each training
 *     step; -1 means the model's own (0.99, Keras', for the study's models; 0.9 for fastnet) (-1)
 * @param extensions how the run was trained further after it finished (none)
 * @param dropoutSeeds how the dropout masks' random stream is seeded: per batch, so that a run
 *     saved mid-epoch resumes exactly without drawing again the masks of the epoch so far; runs saved
 *     before that existed seeded it per epoch (per_batch)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainConfig(
        String model,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        double l2,
        DataConfig data,
        PlateauConfig plateau,
        int earlyStoppingPatience,
        int trainLimit,
        int validationLimit,
        double labelSmoothing,
        double[] classWeights,
        AugmentConfig augment,
        int offlineCopies,
        Schedule schedule,
        OptimizerKind optimizer,
        double ema,
        Double batchNormMomentum,
        List<Extension> extensions,
        DropoutSeeds dropoutSeeds) {

    /**
     * A finished run trained further ({@code train --resume RUN --extend-epochs N}): after epoch
     * {@code afterEpoch} it went on to {@code epochs}. A run that early stopping had ended there
     * gets a fresh patience; replaying the configuration does the same, so the run stays repeatable.
     */
    public record Extension(int afterEpoch, int epochs) {}

    /** SGD's default rate: the usual one for momentum SGD on BatchNorm networks at batch 128. */
    public static final double SGD_LEARNING_RATE = 0.1;

    /**
     * ReduceLROnPlateau as in Keras: when {@code monitor} has not improved by more than
     * {@code minDelta} for {@code patience} epochs, multiply the learning rate by {@code factor},
     * never going below {@code minLearningRate}.
     */
    public record PlateauConfig(Monitor monitor, double factor, int patience, double minDelta, double minLearningRate) {
        public static PlateauConfig defaults() {
            return new PlateauConfig(Monitor.VAL_LOSS, 0.5, 2, 1e-4, 1e-5);
        }

        public static PlateauConfig off() {
            return defaults().withFactor(0);
        }

        public PlateauConfig withFactor(double f) {
            return new PlateauConfig(monitor, f, patience, minDelta, minLearningRate);
        }

        public PlateauConfig withPatience(int p) {
            return new PlateauConfig(monitor, factor, p, minDelta, minLearningRate);
        }

        public boolean enabled() {
            return factor > 0 && factor < 1;
        }
    }

    public TrainConfig {
        classWeights = classWeights == null ? new double[0] : classWeights;
        augment = augment == null ? AugmentConfig.none() : augment;
        schedule = schedule == null ? Schedule.PLATEAU : schedule;
        optimizer = optimizer == null ? OptimizerKind.ADAM : optimizer;
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        // Runs saved before the setting existed used the model's own momentum.
        batchNormMomentum = batchNormMomentum == null ? -1.0 : batchNormMomentum;
        dropoutSeeds = dropoutSeeds == null ? DropoutSeeds.PER_EPOCH : dropoutSeeds;
    }

    public static TrainConfig defaults() {
        return new TrainConfig("baseline", 10, 256, -1, 42, -1, DataConfig.defaults(), PlateauConfig.defaults(),
                0, 0, 0, 0, new double[0], AugmentConfig.none(), 0, Schedule.PLATEAU, OptimizerKind.ADAM, 0, -1.0, List.of(),
                DropoutSeeds.PER_BATCH);
    }

    /**
     * The settings in which {@code other} differs from this configuration, as "path: this -> other"
     * (e.g. "epochs: 6 -> 30", "plateau.patience: 1 -> 2"); empty when both train the same run.
     */
    public List<String> differencesFrom(TrainConfig other) {
        List<String> out = new java.util.ArrayList<>();
        collectDifferences("", org.atelier.util.Json.MAPPER.valueToTree(this),
                org.atelier.util.Json.MAPPER.valueToTree(other), out);
        return out;
    }

    private static void collectDifferences(String path, com.fasterxml.jackson.databind.JsonNode a,
                                           com.fasterxml.jackson.databind.JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                collectDifferences(path.isEmpty() ? name : path + "." + name, a.path(name), b.path(name), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " -> " + b);
        }
    }

    /**
     * Whether early stopping ends the run after {@code epoch}, {@code epochsSinceBest} epochs after
     * its best: patience used up before the last epoch, unless the run was extended from there.
     */
    public boolean stopsEarlyAfter(int epoch, int epochsSinceBest) {
        return earlyStoppingPatience > 0 && epochsSinceBest >= earlyStoppingPatience && epoch < epochs && !extendedAfter(epoch);
    }

    /** Epochs since the best as early stopping counts them after {@code epoch}: afresh where the run was extended after early stopping had ended it. */
    public int patienceAfter(int epoch, int epochsSinceBest) {
        boolean restarted = extendedAfter(epoch) && earlyStoppingPatience > 0 && epochsSinceBest >= earlyStoppingPatience;
        return restarted ? 0 : epochsSinceBest;
    }

    /** Whether the run was extended after epoch {@code epoch}. */
    public boolean extendedAfter(int epoch) {
        return extensions.stream().anyMatch(e -> e.afterEpoch() == epoch);
    }

    /** This configuration trained {@code more} epochs further after epoch {@code epochsDone}. */
    public TrainConfig extended(int epochsDone, int more) {
        List<Extension> all = new java.util.ArrayList<>(extensions);
        all.add(new Extension(epochsDone, epochs + more));
        return toBuilder().epochs(epochs + more).extensions(all).build();
    }

    /**
     * Checks every setting for its range, finiteness included, naming the option that sets it. A
     * learning rate or L2 of -1 means the model's own; {@link #resolved()} fills them in.
     */
    public TrainConfig validate() {
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(learningRate == -1 || (learningRate > 0 && Double.isFinite(learningRate)),
                "--lr must be a positive number, got " + learningRate);
        require(l2 == -1 || (l2 >= 0 && Double.isFinite(l2)), "--l2 must be 0 or a positive number, got " + l2);
        require(plateau.factor() >= 0 && plateau.factor() < 1, "--lr-plateau-factor must be in [0, 1) (0 switches it off), got "
                + plateau.factor());
        require(plateau.patience() >= 0, "--lr-plateau-patience must be 0 or more, got " + plateau.patience());
        require(plateau.minLearningRate() >= 0 && Double.isFinite(plateau.minLearningRate()),
                "--lr-min must be 0 or a positive number, got " + plateau.minLearningRate());
        require(plateau.minDelta() >= 0 && Double.isFinite(plateau.minDelta()), "plateau min delta must be 0 or more, got "
                + plateau.minDelta());
        require(earlyStoppingPatience >= 0, "--early-stopping must be 0 (off) or more, got " + earlyStoppingPatience);
        require(trainLimit >= 0, "--train-limit must be at least 1, got " + trainLimit);
        require(validationLimit >= 0, "--validation-limit must be at least 1, got " + validationLimit);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        require(ema >= 0 && ema < 1, "--ema must be in [0, 1), got " + ema);
        require(batchNormMomentum == -1 || (batchNormMomentum > 0 && batchNormMomentum < 1),
                "--bn-momentum must be in (0, 1), got " + batchNormMomentum);
        require(offlineCopies >= 0, "--augment-offline must be 0 or more, got " + offlineCopies);
        require(classWeights.length == 0 || classWeights.length == org.atelier.data.FashionClass.COUNT,
                "class weights need one value per class (10), got " + classWeights.length);
        require(java.util.Arrays.stream(classWeights).allMatch(w -> w >= 0 && Double.isFinite(w)),
                "--class-weights must be 0 or positive numbers, got " + java.util.Arrays.toString(classWeights));
        require(classWeights.length == 0 || java.util.Arrays.stream(classWeights).anyMatch(w -> w > 0),
                "--class-weights are all 0: no image would count, nothing would be learned");
        augment.validate();
        require(offlineCopies == 0 || augment.enabled(), "offline augmentation needs augmentation settings");
        require(offlineCopies == 0 || !augment.alternateFlips(),
                "alternating flips follow the epochs, so they need on-the-fly augmentation, not offline copies");
        require(extensions.isEmpty() || schedule != Schedule.ONE_CYCLE, "a one-cycle run cannot be extended");
        return this;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new org.atelier.util.UserException(message);
        }
    }

    /** Whether augmentation happens on the fly, batch by batch. */
    public boolean augmentsOnline() {
        return augment.enabled() && offlineCopies == 0;
    }

    /** This configuration with the model's own learning rate and L2 filled in where left at -1. */
    public TrainConfig resolved() {
        ModelArchitecture architecture = ModelArchitecture.byName(model);
        return toBuilder()
                .learningRate(learningRate >= 0 ? learningRate
                        : optimizer == OptimizerKind.SGD ? SGD_LEARNING_RATE : architecture.defaultLearningRate())
                .l2(l2 < 0 ? architecture.defaultL2() : l2)
                .build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of a configuration, keeping the rest. */
    public static final class Builder {
        private String model;
        private int epochs;
        private int batchSize;
        private double learningRate;
        private long seed;
        private double l2;
        private DataConfig data;
        private PlateauConfig plateau;
        private int earlyStoppingPatience;
        private int trainLimit;
        private int validationLimit;
        private double labelSmoothing;
        private double[] classWeights;
        private AugmentConfig augment;
        private int offlineCopies;
        private Schedule schedule;
        private OptimizerKind optimizer;
        private double ema;
        private double batchNormMomentum;
        private List<Extension> extensions;
        private DropoutSeeds dropoutSeeds;

        private Builder(TrainConfig c) {
            model = c.model;
            epochs = c.epochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            seed = c.seed;
            l2 = c.l2;
            data = c.data;
            plateau = c.plateau;
            earlyStoppingPatience = c.earlyStoppingPatience;
            trainLimit = c.trainLimit;
            validationLimit = c.validationLimit;
            labelSmoothing = c.labelSmoothing;
            classWeights = c.classWeights;
            augment = c.augment;
            offlineCopies = c.offlineCopies;
            schedule = c.schedule;
            optimizer = c.optimizer;
            ema = c.ema;
            batchNormMomentum = c.batchNormMomentum;
            extensions = c.extensions;
            dropoutSeeds = c.dropoutSeeds;
        }

        public Builder model(String v) { model = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder data(DataConfig v) { data = v; return this; }
        public Builder plateau(PlateauConfig v) { plateau = v; return this; }
        public Builder earlyStoppingPatience(int v) { earlyStoppingPatience = v; return this; }
        public Builder limits(int train, int validation) { trainLimit = train; validationLimit = validation; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder classWeights(double[] v) { classWeights = v; return this; }
        public Builder augment(AugmentConfig v) { augment = v; return this; }
        public Builder offlineCopies(int v) { offlineCopies = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder ema(double v) { ema = v; return this; }
        public Builder extensions(List<Extension> v) { extensions = v; return this; }
        public Builder batchNormMomentum(double v) { batchNormMomentum = v; return this; }
        public Builder dropoutSeeds(DropoutSeeds v) { dropoutSeeds = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(model, epochs, batchSize, learningRate, seed, l2, data, plateau,
                    earlyStoppingPatience, trainLimit, validationLimit, labelSmoothing, classWeights, augment,
                    offlineCopies, schedule, optimizer, ema, batchNormMomentum, extensions, dropoutSeeds);
        }
    }
}
