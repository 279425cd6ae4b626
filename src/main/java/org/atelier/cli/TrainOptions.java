package org.atelier.cli;

import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Fill;
import org.atelier.config.ClassWeights;
import org.atelier.config.Monitor;
import org.atelier.config.OptimizerKind;
import org.atelier.config.Schedule;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.FashionMnist;
import picocli.CommandLine.Option;

/** The training options; their defaults are {@link TrainConfig#defaults()}. */
class TrainOptions {
    private static final TrainConfig D = TrainConfig.defaults();

    @Option(names = "--model", paramLabel = "NAME",
            description = "${atelier.models}; 'atelier models' describes them (default: ${DEFAULT-VALUE}).")
    String model = D.model();

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs = D.epochs();

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize = D.batchSize();

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "adam (Keras' Adam) or sgd (SGD with Nesterov momentum 0.9) (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer = D.optimizer();

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE",
            description = "Initial (with onecycle: peak) learning rate (default: with adam the model's own: ${atelier.default.lr}; "
                    + "with sgd ${atelier.default.sgd-lr}).")
    Double learningRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--l2", paramLabel = "C",
            description = "L2 coefficient on conv and dense kernels (default: the model's own: ${atelier.default.l2}).")
    Double l2;

    @Option(names = "--lr-plateau-factor", paramLabel = "F",
            description = "ReduceLROnPlateau: multiply the rate by F on a plateau; 0 switches it off (default: ${DEFAULT-VALUE}).")
    double plateauFactor = D.plateau().factor();

    @Option(names = "--lr-plateau-patience", paramLabel = "N", description = "ReduceLROnPlateau: epochs to wait (default: ${DEFAULT-VALUE}).")
    int plateauPatience = D.plateau().patience();

    @Option(names = "--lr-plateau-monitor", paramLabel = "METRIC",
            description = "val_loss or val_accuracy (default: ${DEFAULT-VALUE}).")
    Monitor plateauMonitor = D.plateau().monitor();

    @Option(names = "--lr-min", paramLabel = "RATE", description = "ReduceLROnPlateau's lowest rate (default: ${DEFAULT-VALUE}).")
    double minLearningRate = D.plateau().minLearningRate();

    @Option(names = "--schedule", paramLabel = "KIND",
            description = "plateau (ReduceLROnPlateau, per epoch) or onecycle (warm-up to --lr, then cosine decay, per step) "
                    + "(default: ${DEFAULT-VALUE}).")
    Schedule schedule = D.schedule();

    @Option(names = "--early-stopping", paramLabel = "N",
            description = "Stop after N epochs without a better val_accuracy; 0 switches it off (default: ${DEFAULT-VALUE}). "
                    + "The best epoch's weights are kept in best.params either way.")
    int earlyStopping = D.earlyStoppingPatience();

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N images of the training split only (default: all).")
    Integer trainLimit;

    @Option(names = "--validation-limit", paramLabel = "N", description = "Validate on the first N images only (default: all).")
    Integer validationLimit;

    @Option(names = "--augment", description = "On-the-fly augmentation with the study's tuned settings: "
            + "shift 0.1, zoom 0.1, shear 0.15 degrees (Keras' reading of its shear_range 0.15), horizontal flip, no rotation.")
    boolean augment;

    @Option(names = "--shift", paramLabel = "F", description = "Random width/height shift, fraction of the image size (e.g. 0.1).")
    Double shift;

    @Option(names = "--shift-pixels", paramLabel = "N",
            description = "Random shifts of whole pixels, up to N: the image moves without resampling and stays sharp (instead of --shift).")
    Integer shiftPixels;

    @Option(names = "--zoom", paramLabel = "F", description = "Random zoom: each axis scaled within [1-F, 1+F].")
    Double zoom;

    @Option(names = "--shear", paramLabel = "DEG", description = "Random shear up to DEG degrees.")
    Double shear;

    @Option(names = "--flip", negatable = true, description = "Random horizontal flips (--no-flip switches them off).")
    Boolean flip;

    @Option(names = "--alternate-flips",
            description = "With flips: mirror each image in every other epoch (a coin per image decides the first) instead of at random each epoch.")
    boolean alternateFlips;

    @Option(names = "--rotation", paramLabel = "DEG", description = "Random rotation up to DEG degrees (off by default: the study found it hurts).")
    Double rotation;

    @Option(names = "--erase", paramLabel = "P",
            description = "Random erasing: with probability P, a random rectangle of 2-20%% of the image is set to the background (default: ${DEFAULT-VALUE}).")
    double erase = AugmentConfig.none().erase();

    @Option(names = "--fill", paramLabel = "MODE",
            description = "What fills the border a shift or zoom uncovers: nearest (the edge pixel, as Keras) or zero (the background) "
                    + "(default: ${DEFAULT-VALUE}).")
    Fill fill = AugmentConfig.none().fill();

    @Option(names = "--augment-offline", paramLabel = "K",
            description = "Add K augmented copies of the training set before training (the study's second alternative), "
                    + "with the augmentation settings above (the study's when none are given), instead of augmenting on the fly.")
    int offlineCopies;

    @Option(names = "--class-weights", paramLabel = "SPEC",
            description = "Loss weight per class: LABEL=WEIGHT,... (e.g. 0=1.5,6=2; others stay 1) or 'balanced'. Works with augmentation.")
    String classWeights;

    @Option(names = "--label-smoothing", paramLabel = "E", description = "Spread E of each target over all classes (e.g. 0.1; default: ${DEFAULT-VALUE}).")
    double labelSmoothing = D.labelSmoothing();

    @Option(names = "--ema", paramLabel = "DECAY",
            description = "Validate and keep an exponential moving average of the weights, with this decay per step (e.g. 0.999); "
                    + "0 switches it off (default: ${DEFAULT-VALUE}).")
    double ema = D.ema();

    @Option(names = "--bn-momentum", paramLabel = "M",
            description = "BatchNorm momentum: the share of the running statistics kept at each step (default: the model's own: "
                    + "${atelier.default.bn-momentum}). Short runs need a lower one: at 0.99 the statistics lag the weights for "
                    + "hundreds of steps.")
    Double batchNormMomentum;

    /** The augmentation the options ask for: --augment's settings, each overridden by its own option. */
    AugmentConfig augmentConfig() {
        AugmentConfig base = augment || (offlineCopies > 0 && shift == null && shiftPixels == null && zoom == null && shear == null
                && flip == null && rotation == null) ? AugmentConfig.study() : AugmentConfig.none();
        if (shiftPixels != null && shift != null) {
            throw new org.atelier.util.UserException("--shift and --shift-pixels exclude each other");
        }
        if (shiftPixels != null && !(shiftPixels >= 0 && shiftPixels < FashionMnist.IMAGE_SIZE)) {
            throw new org.atelier.util.UserException("--shift-pixels must be 0 to " + (FashionMnist.IMAGE_SIZE - 1) + ", got "
                    + shiftPixels);
        }
        AugmentConfig c = new AugmentConfig(
                shiftPixels != null ? shiftPixels / (double) FashionMnist.IMAGE_SIZE : shift != null ? shift : base.shift(),
                zoom != null ? zoom : base.zoom(),
                shear != null ? shear : base.shear(),
                flip != null ? flip : base.flip(),
                rotation != null ? rotation : base.rotation(),
                shiftPixels != null,
                erase,
                fill,
                alternateFlips);
        c.validate();
        return c;
    }

    /**
     * The configuration the options ask for, every value checked. {@code trainClassCounts} serve
     * 'balanced' class weights; null (before the data is read) checks everything else.
     */
    TrainConfig toConfig(DataConfig data, int[] trainClassCounts) {
        org.atelier.models.ModelArchitecture.byName(model);
        // Given values are checked as given: -1, which means "the model's own" inside, is no value to type.
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new org.atelier.util.UserException("--lr must be a positive number, got " + learningRate);
        }
        if (l2 != null && !(l2 >= 0 && Double.isFinite(l2))) {
            throw new org.atelier.util.UserException("--l2 must be 0 or a positive number, got " + l2);
        }
        for (var limit : java.util.Map.of("--train-limit", trainLimit == null ? 1 : trainLimit,
                "--validation-limit", validationLimit == null ? 1 : validationLimit).entrySet()) {
            if (limit.getValue() < 1) {
                throw new org.atelier.util.UserException(limit.getKey() + " must be at least 1 (leave it out for all images), got "
                        + limit.getValue());
            }
        }
        int[] counts = trainClassCounts != null ? trainClassCounts : uniformCounts();
        return new TrainConfig(model, epochs, batchSize, learningRate == null ? D.learningRate() : learningRate, seed,
                l2 == null ? D.l2() : l2, data,
                new TrainConfig.PlateauConfig(plateauMonitor, plateauFactor, plateauPatience, D.plateau().minDelta(), minLearningRate),
                earlyStopping, trainLimit == null ? D.trainLimit() : trainLimit,
                validationLimit == null ? D.validationLimit() : validationLimit, labelSmoothing,
                ClassWeights.parse(classWeights, counts), augmentConfig(), offlineCopies, schedule, optimizer, ema,
                batchNormMomentum == null ? D.batchNormMomentum() : checkedMomentum(), java.util.List.of(), D.dropoutSeeds()).validate();
    }

    private double checkedMomentum() {
        if (!(batchNormMomentum > 0 && batchNormMomentum < 1)) {
            throw new org.atelier.util.UserException("--bn-momentum must be in (0, 1), got " + batchNormMomentum);
        }
        return batchNormMomentum;
    }

    /** The number of training images the options train on, at most: the limit if given. */
    int trainLimitOrAll() {
        return trainLimit == null ? 0 : trainLimit;
    }

    private static int[] uniformCounts() {
        int[] counts = new int[org.atelier.data.FashionClass.COUNT];
        java.util.Arrays.fill(counts, 1);
        return counts;
    }
}
