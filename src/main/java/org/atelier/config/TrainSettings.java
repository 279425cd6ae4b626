package org.atelier.config;


import java.nio.file.Path;
import org.atelier.config.Setting.Group;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Fill;
import org.atelier.data.FashionClass;
import org.atelier.data.FashionMnist;
import org.atelier.models.ModelArchitecture;

/**
 * Every training setting, each declared once with its default, check and description: the source
 * of train's options and --help, of what sweeps and settings files accept, of the docs' table and
 * of the messages that refuse a value. The defaults are {@link TrainConfig#defaults()}'s.
 */
public final class TrainSettings {
    private TrainSettings() {}

    // ---- model ----

    public static final Setting<String> MODEL = Setting.named("model", ValueType.WORD).group(Group.MODEL).label("NAME")
            .describe("The network: " + String.join(", ", ModelArchitecture.names()) + "; 'atelier models' describes them.")
            .check(v -> ModelArchitecture.names().contains(v) ? null
                    : "names no model ('" + v + "'); known models: " + ModelArchitecture.names())
            .at("model", TrainConfig::model).build();

    public static final Setting<Double> BATCH_NORM_MOMENTUM = Setting.named("bn-momentum", ValueType.NUMBER).group(Group.MODEL)
            .label("M")
            .describe("BatchNorm momentum, the share of the running statistics kept at each step; short runs need a lower one "
                    + "(at 0.99 the statistics lag the weights for hundreds of steps).")
            .check(v -> v > 0 && v < 1 ? null : "must be in (0, 1), got " + ValueType.number(v))
            .at("batchNormMomentum", TrainConfig::batchNormMomentum)
            .defaultText("the model's own: " + perModel(m -> Double.parseDouble(Float.toString(m.blocks().batchNormMomentum())))).build();

    // ---- length, optimiser and learning rate ----

    public static final Setting<Integer> EPOCHS = Setting.named("epochs", ValueType.WHOLE).group(Group.SCHEDULE).label("N")
            .describe("Maximum epochs.")
            .check(v -> v >= 1 ? null : "must be at least 1, got " + v)
            .at("epochs", TrainConfig::epochs).build();

    public static final Setting<Integer> BATCH_SIZE = Setting.named("batch-size", ValueType.WHOLE).group(Group.SCHEDULE).label("N")
            .describe("Images per step.")
            .check(v -> v >= 1 ? null : "must be at least 1, got " + v)
            .at("batchSize", TrainConfig::batchSize).build();

    public static final Setting<OptimizerKind> OPTIMIZER = Setting.named("optimizer", ValueType.choice(OptimizerKind.class))
            .group(Group.SCHEDULE).label("NAME")
            .describe("adam (Keras' Adam) or sgd (SGD with Nesterov momentum 0.9).")
            .at("optimizer", TrainConfig::optimizer).build();

    public static final Setting<Double> LEARNING_RATE = Setting.named("lr", ValueType.NUMBER).aliases("learning-rate")
            .group(Group.SCHEDULE).label("RATE")
            .describe("Initial learning rate (with onecycle: the peak).")
            .check(v -> v > 0 && Double.isFinite(v) ? null : "must be a positive number, got " + ValueType.number(v))
            .at("learningRate", TrainConfig::learningRate)
            .defaultText("with adam the model's own: " + perModel(ModelArchitecture::defaultLearningRate) + "; with sgd "
                    + ValueType.number(TrainConfig.SGD_LEARNING_RATE)).build();

    public static final Setting<Schedule> SCHEDULE_KIND = Setting.named("schedule", ValueType.choice(Schedule.class))
            .group(Group.SCHEDULE).label("KIND")
            .describe("plateau (ReduceLROnPlateau, per epoch) or onecycle (warm-up to --lr over the first 20% of the steps, "
                    + "then cosine decay, per step).")
            .at("schedule", TrainConfig::schedule).build();

    public static final Setting<Double> PLATEAU_FACTOR = Setting.named("lr-plateau-factor", ValueType.NUMBER).group(Group.SCHEDULE)
            .label("F")
            .describe("ReduceLROnPlateau: multiply the rate by F on a plateau; 0 switches it off.")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1) (0 switches it off), got " + ValueType.number(v)).offAt(0.0)
            .at("plateau.factor", c -> c.plateau().factor()).build();

    public static final Setting<Integer> PLATEAU_PATIENCE = Setting.named("lr-plateau-patience", ValueType.WHOLE)
            .group(Group.SCHEDULE).label("N")
            .describe("ReduceLROnPlateau: epochs without improvement before the rate falls.")
            .check(v -> v >= 0 ? null : "must be 0 or more, got " + v)
            .at("plateau.patience", c -> c.plateau().patience()).build();

    public static final Setting<Monitor> PLATEAU_MONITOR = Setting.named("lr-plateau-monitor", ValueType.choice(Monitor.class))
            .group(Group.SCHEDULE).label("METRIC")
            .describe("ReduceLROnPlateau watches val_loss or val_accuracy.")
            .at("plateau.monitor", c -> c.plateau().monitor()).build();

    public static final Setting<Double> MIN_LEARNING_RATE = Setting.named("lr-min", ValueType.NUMBER).group(Group.SCHEDULE)
            .label("RATE")
            .describe("ReduceLROnPlateau's lowest rate.")
            .check(v -> v >= 0 && Double.isFinite(v) ? null : "must be 0 or a positive number, got " + ValueType.number(v))
            .at("plateau.minLearningRate", c -> c.plateau().minLearningRate()).build();

    public static final Setting<Integer> EARLY_STOPPING = Setting.named("early-stopping", ValueType.WHOLE).group(Group.SCHEDULE)
            .label("N")
            .describe("Stop after N epochs without a better validation accuracy; 0 switches it off. The best epoch's weights "
                    + "are kept either way.")
            .check(v -> v >= 0 ? null : "must be 0 (off) or more, got " + v).offAt(0)
            .at("earlyStoppingPatience", TrainConfig::earlyStoppingPatience).build();

    // ---- augmentation ----

    /** A shortcut for several settings: read back, it is those settings. */
    public static final Setting<Boolean> AUGMENT = Setting.named("augment", ValueType.SWITCH).group(Group.AUGMENTATION)
            .describe("On-the-fly augmentation with the study's tuned settings (shift 0.1, zoom 0.1, shear 0.15 degrees, "
                    + "horizontal flips, no rotation); the options below change single ones.")
            .at("augment", c -> null, (tree, on) -> {
                if (on) {
                    AugmentConfig s = AugmentConfig.study();
                    ConfigTrees.set(tree, "augment.shift", s.shift());
                    ConfigTrees.set(tree, "augment.zoom", s.zoom());
                    ConfigTrees.set(tree, "augment.shear", s.shear());
                    ConfigTrees.set(tree, "augment.flip", s.flip());
                    ConfigTrees.set(tree, "augment.rotation", s.rotation());
                    ConfigTrees.set(tree, "augment.wholePixelShifts", false);
                }
            }).defaultText("off").build();

    public static final Setting<Double> SHIFT = Setting.named("shift", ValueType.NUMBER).group(Group.AUGMENTATION).label("F")
            .describe("Random width and height shifts, up to this fraction of the image size (e.g. 0.1).")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + ValueType.number(v))
            .at("augment.shift", c -> c.augment().wholePixelShifts() ? null : c.augment().shift(), (tree, v) -> {
                ConfigTrees.set(tree, "augment.shift", v);
                ConfigTrees.set(tree, "augment.wholePixelShifts", false);
            }).build();

    public static final Setting<Integer> SHIFT_PIXELS = Setting.named("shift-pixels", ValueType.WHOLE).group(Group.AUGMENTATION)
            .label("N")
            .describe("Random shifts of whole pixels, up to N (instead of --shift): the image moves without resampling and "
                    + "stays sharp.")
            .check(v -> v >= 0 && v < FashionMnist.IMAGE_SIZE ? null : "must be 0 to " + (FashionMnist.IMAGE_SIZE - 1) + ", got " + v)
            .at("augment.shift", c -> c.augment().wholePixelShifts()
                    ? (int) Math.round(c.augment().shift() * FashionMnist.IMAGE_SIZE) : null, (tree, v) -> {
                ConfigTrees.set(tree, "augment.shift", v / (double) FashionMnist.IMAGE_SIZE);
                ConfigTrees.set(tree, "augment.wholePixelShifts", true);
            }).defaultText("0").build();

    public static final Setting<Double> ZOOM = Setting.named("zoom", ValueType.NUMBER).group(Group.AUGMENTATION).label("F")
            .describe("Random zoom: each axis scaled within [1-F, 1+F].")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + ValueType.number(v))
            .at("augment.zoom", c -> c.augment().zoom()).build();

    public static final Setting<Double> SHEAR = Setting.named("shear", ValueType.NUMBER).group(Group.AUGMENTATION).label("DEG")
            .describe("Random shear up to DEG degrees.")
            .check(v -> v >= 0 && v < 90 ? null : "must be in [0, 90) degrees, got " + ValueType.number(v))
            .at("augment.shear", c -> c.augment().shear()).build();

    public static final Setting<Double> ROTATION = Setting.named("rotation", ValueType.NUMBER).group(Group.AUGMENTATION).label("DEG")
            .describe("Random rotation up to DEG degrees (the study found it hurts).")
            .check(v -> v >= 0 && v <= 180 ? null : "must be in [0, 180] degrees, got " + ValueType.number(v))
            .at("augment.rotation", c -> c.augment().rotation()).build();

    public static final Setting<Boolean> FLIP = Setting.named("flip", ValueType.NEGATABLE).group(Group.AUGMENTATION)
            .describe("Random horizontal flips (--no-flip switches them off).")
            .at("augment.flip", c -> c.augment().flip()).build();

    public static final Setting<Boolean> ALTERNATE_FLIPS = Setting.named("alternate-flips", ValueType.SWITCH).group(Group.AUGMENTATION)
            .describe("With flips: mirror each image in every other epoch (a coin per image decides the first) instead of at "
                    + "random each epoch.")
            .at("augment.alternateFlips", c -> c.augment().alternateFlips()).build();

    public static final Setting<Double> ERASE = Setting.named("erase", ValueType.NUMBER).group(Group.AUGMENTATION).label("P")
            .describe("Random erasing: with probability P, a random rectangle of 2-20% of the image is set to the background.")
            .check(v -> v >= 0 && v <= 1 ? null : "must be a probability in [0, 1], got " + ValueType.number(v))
            .at("augment.erase", c -> c.augment().erase()).build();

    public static final Setting<Fill> FILL = Setting.named("fill", ValueType.choice(Fill.class)).group(Group.AUGMENTATION)
            .label("MODE")
            .describe("What fills the border a shift or zoom uncovers: nearest (the edge pixel, as Keras) or zero (the "
                    + "background).")
            .at("augment.fill", c -> c.augment().fill()).build();

    public static final Setting<Integer> OFFLINE_COPIES = Setting.named("augment-offline", ValueType.WHOLE).group(Group.AUGMENTATION)
            .label("K")
            .describe("Add K augmented copies of the training set before training (the study's second alternative), with the "
                    + "augmentation settings above (the study's when none are given), instead of augmenting on the fly.")
            .check(v -> v >= 0 ? null : "must be 0 or more, got " + v)
            .at("offlineCopies", TrainConfig::offlineCopies).build();

    // ---- regularisation ----

    public static final Setting<Double> L2 = Setting.named("l2", ValueType.NUMBER).group(Group.REGULARISATION).label("C")
            .describe("L2 coefficient on convolution and dense kernels.")
            .check(v -> v >= 0 && Double.isFinite(v) ? null : "must be 0 or a positive number, got " + ValueType.number(v))
            .at("l2", TrainConfig::l2)
            .defaultText("the model's own: " + perModel(ModelArchitecture::defaultL2)).build();

    public static final Setting<Double> LABEL_SMOOTHING = Setting.named("label-smoothing", ValueType.NUMBER).group(Group.REGULARISATION)
            .label("E")
            .describe("Spread E of each target over all classes (e.g. 0.1).")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + ValueType.number(v))
            .at("labelSmoothing", TrainConfig::labelSmoothing).build();

    public static final Setting<ClassWeights> CLASS_WEIGHTS = Setting.named("class-weights",
                    new ValueType<ClassWeights>("LABEL=WEIGHT,..., balanced or none", ClassWeights::parse, ClassWeights::text,
                            ValueType.Kind.VALUE))
            .group(Group.REGULARISATION).label("SPEC")
            .describe("Loss weight per class: LABEL=WEIGHT,... (e.g. 0=1.5,6=2; others stay 1), balanced (rarer classes "
                    + "weigh more) or none. Works with augmentation.")
            .check(v -> v.balanced() || v.weights().isEmpty() ? null
                    : v.weights().size() != FashionClass.COUNT ? "need one value per class (10), got " + v.weights().size()
                    : v.weights().stream().anyMatch(w -> !(w >= 0) || w.isInfinite()) ? "must be 0 or positive numbers, got "
                            + v.weights()
                    : v.weights().stream().allMatch(w -> w == 0) ? "are all 0: no image would count, nothing would be learned"
                    : null)
            .at("classWeights", c -> c.classWeights().isEmpty() ? null : ClassWeights.of(c.classWeights()), (tree, v) -> {
                if (v.balanced()) {
                    throw new IllegalStateException("balanced class weights are worked out from the data before they are written");
                }
                ConfigTrees.set(tree, "classWeights", v.weights());
            }).defaultText("none").build();

    public static final Setting<Double> EMA = Setting.named("ema", ValueType.NUMBER).group(Group.REGULARISATION).label("DECAY")
            .describe("Validate and keep an exponential moving average of the weights, with this decay per step (e.g. 0.999); "
                    + "0 switches it off.")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + ValueType.number(v)).offAt(0.0)
            .at("ema", TrainConfig::ema).build();

    // ---- data ----

    public static final Setting<Path> DATA_DIR = Setting.named("data", ValueType.PATH).group(Group.DATA).label("DIR")
            .describe("Folder with the four Fashion-MNIST IDX files (.gz or raw).")
            .at("data.dataDir", c -> c.data().dataDir())
            .defaultText("$ATELIER_DATA, ~/.cache/atelier/fashion-mnist, /usr/share/datasets/fashion-mnist, else a download")
            .build();

    public static final Setting<Double> VALIDATION_FRACTION = Setting.named("validation-fraction", ValueType.NUMBER).group(Group.DATA)
            .label("F")
            .describe("Share of each class held out for validation; 0 trains on every training image.")
            .check(v -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + ValueType.number(v))
            .at("data.validationFraction", c -> c.data().validationFraction()).build();

    public static final Setting<Long> SPLIT_SEED = Setting.named("split-seed", ValueType.LONG).group(Group.DATA).label("N")
            .describe("Seed of the stratified train/validation split.")
            .at("data.splitSeed", c -> c.data().splitSeed()).build();

    public static final Setting<Integer> TRAIN_LIMIT = limit("train-limit", "trainLimit", "training split",
            TrainConfig::trainLimit);

    public static final Setting<Integer> VALIDATION_LIMIT = limit("validation-limit", "validationLimit", "validation split",
            TrainConfig::validationLimit);

    // ---- run ----

    public static final Setting<Long> SEED = Setting.named("seed", ValueType.LONG).group(Group.RUN).label("N")
            .describe("Seed of initialisation, shuffling, augmentation and dropout.")
            .at("seed", TrainConfig::seed).build();

    /** Every setting, in the order of train's help (and in which they are applied). */
    public static final List<Setting<?>> ALL = List.of(MODEL, BATCH_NORM_MOMENTUM, EPOCHS, BATCH_SIZE, OPTIMIZER, LEARNING_RATE,
            SCHEDULE_KIND, PLATEAU_FACTOR, PLATEAU_PATIENCE, PLATEAU_MONITOR, MIN_LEARNING_RATE, EARLY_STOPPING, AUGMENT, SHIFT,
            SHIFT_PIXELS, ZOOM, SHEAR, ROTATION, FLIP, ALTERNATE_FLIPS, ERASE, FILL, OFFLINE_COPIES, L2, LABEL_SMOOTHING,
            CLASS_WEIGHTS, EMA, DATA_DIR, VALIDATION_FRACTION, SPLIT_SEED, TRAIN_LIMIT, VALIDATION_LIMIT, SEED);

    /** The settings every command that reads Fashion-MNIST takes. */
    public static final List<Setting<?>> DATA_SETTINGS = List.of(DATA_DIR, VALIDATION_FRACTION, SPLIT_SEED);

    /** The settings that still apply beside a recipe: its seed and length, and where the data is and how it is held out. */
    public static final List<Setting<?>> RECIPE_SETTINGS = List.of(SEED, EPOCHS, DATA_DIR, VALIDATION_FRACTION, SPLIT_SEED);

    /** Settings that exclude each other. */
    static final List<List<Setting<?>>> EXCLUSIVE = List.of(List.of(SHIFT, SHIFT_PIXELS));

    /**
     * A setting's value in a configuration as users would type it; {@code atDefault} when it is the
     * default (the model's own, for those the model decides).
     */
    public record Shown(Setting<?> setting, String value, boolean atDefault) {}

    /**
     * Every setting of {@code config} as users type them, with what the model decides filled in
     * ("0.002 (the model's own)") and nothing shown as -1, 0 or null: what a run's page lists.
     * The --augment shortcut is left out (its settings are listed), and of the two ways of
     * shifting the one not in use.
     */
    public static List<Shown> shown(TrainConfig config) {
        TrainConfig defaults = TrainConfig.defaults();
        ModelArchitecture architecture = ModelArchitecture.byName(config.model());
        // what the model would take were the values left to it, whatever this configuration gives
        TrainConfig modelsOwn = config.toBuilder().set(LEARNING_RATE, null).set(L2, null).build().resolved();
        List<Shown> out = new ArrayList<>();
        for (Setting<?> s : ALL) {
            if (s == AUGMENT || (s == SHIFT && config.augment().wholePixelShifts()) || (s == SHIFT_PIXELS
                    && !config.augment().wholePixelShifts())) {
                continue;
            }
            String own = s == LEARNING_RATE ? ValueType.number(modelsOwn.learningRate())
                    : s == L2 ? ValueType.number(modelsOwn.l2())
                    : s == BATCH_NORM_MOMENTUM ? ValueType.number(Double.parseDouble(Float.toString(
                            architecture.blocks().batchNormMomentum())))
                    : null;
            out.add(shown(s, config, defaults, own));
        }
        return out;
    }

    private static <T> Shown shown(Setting<T> s, TrainConfig config, TrainConfig defaults, String modelsOwn) {
        T value = s.valueIn(config);
        if (modelsOwn != null && (value == null || s.show(value).equals(modelsOwn))) {
            return new Shown(s, modelsOwn + " (the model's own)", true);
        }
        if (value == null) {
            return new Shown(s, s == DATA_DIR ? "found by the usual search" : s.defaultText(), true);
        }
        String text = value instanceof ClassWeights w ? w.shortText() : s.showWithMeaning(value);
        return new Shown(s, text, modelsOwn == null && java.util.Objects.equals(value, s.valueIn(defaults)));
    }

    /** The setting named {@code name} (or one of its aliases), without dashes. */
    public static Optional<Setting<?>> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name) || s.aliases().contains(name)).findFirst();
    }

    private static Setting<Integer> limit(String name, String path, String split, java.util.function.ToIntFunction<TrainConfig> read) {
        // config.json keeps "all" as 0, as it always has, so that a run given "all" is the run given nothing
        return Setting.named(name, ValueType.COUNT_OR_ALL).group(Group.DATA).label("N")
                .describe("Use only the first N images of the " + split + "; all uses every image.")
                .check(v -> v >= 1 ? null : "must be at least 1, or all, got " + v)
                .at(path, c -> read.applyAsInt(c) == 0 ? null : read.applyAsInt(c),
                        (tree, v) -> ConfigTrees.set(tree, path, v == null || v == ValueType.ALL ? 0 : v))
                .defaultText("all").build();
    }

    /** "0.002 for baseline; 0.001 for cnn4b, miniresnet; ...": the models grouped by their value. */
    static String perModel(ToDoubleFunction<ModelArchitecture> value) {
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        for (ModelArchitecture m : ModelArchitecture.values()) {
            byValue.computeIfAbsent(ValueType.number(value.applyAsDouble(m)), k -> new ArrayList<>()).add(m.id());
        }
        return byValue.entrySet().stream().map(e -> e.getKey() + " for " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }
}
