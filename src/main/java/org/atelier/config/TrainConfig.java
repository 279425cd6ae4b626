package org.atelier.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.data.DataConfig;
import org.atelier.models.ModelArchitecture;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * Everything that decides a training run; saved as config.json so the run can be repeated. Its
 * settings are declared, with their defaults, checks and descriptions, in {@link TrainSettings};
 * {@link #defaults()} is where the default values live. A setting left to the model ({@code
 * learningRate}, {@code l2}, {@code batchNormMomentum}) is null here and filled in by
 * {@link #resolved()} (the rate and L2) or when the network is built (the momentum).
 *
 * @param extensions how the run was trained further after it finished (none)
 * @param dropoutSeeds how the dropout masks' random stream is seeded: per batch, so that a run
 *     saved mid-epoch resumes exactly; runs saved before that existed seeded it per epoch, which
 *     {@link #fromJson} reads where a file does not say
 */
public record TrainConfig(
        String model,
        int epochs,
        int batchSize,
        Double learningRate,
        long seed,
        Double l2,
        DataConfig data,
        PlateauConfig plateau,
        int earlyStoppingPatience,
        int trainLimit,
        int validationLimit,
        double labelSmoothing,
        List<Double> classWeights,
        AugmentConfig augment,
        int offlineCopies,
        Schedule schedule,
        OptimizerKind optimizer,
        double ema,
        @JsonSerialize(nullsUsing = ModelsOwn.class) Double batchNormMomentum,
        List<Extension> extensions,
        DropoutSeeds dropoutSeeds) {

    /**
     * The format of config.json this Atelier writes; a file of a later format (written by a newer
     * Atelier, with settings this one does not know) is refused rather than trained without them.
     */
    public static final int FORMAT = 1;
    /** config.json's key for {@link #FORMAT}; files without it are of format 1. */
    public static final String FORMAT_KEY = "format";

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
        classWeights = classWeights == null ? List.of() : List.copyOf(classWeights);
        augment = augment == null ? AugmentConfig.none() : augment;
        schedule = schedule == null ? Schedule.PLATEAU : schedule;
        optimizer = optimizer == null ? OptimizerKind.ADAM : optimizer;
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        dropoutSeeds = dropoutSeeds == null ? DropoutSeeds.PER_BATCH : dropoutSeeds;
        // Files write "the model's own" as -1 (the form they have always had); other negatives are refused by the checks.
        learningRate = modelsOwnIfMinusOne(learningRate);
        l2 = modelsOwnIfMinusOne(l2);
        batchNormMomentum = modelsOwnIfMinusOne(batchNormMomentum);
    }

    private static Double modelsOwnIfMinusOne(Double v) {
        return v == null || v == -1.0 ? null : v;
    }

    /** config.json's form of "the model's own" momentum: -1, as files have always had it (sweeps' run ids hash it). */
    static final class ModelsOwn extends StdSerializer<Object> {
        ModelsOwn() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(-1.0);
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig("baseline", 10, 256, null, 42, null, DataConfig.defaults(), PlateauConfig.defaults(),
                0, 0, 0, 0, List.of(), AugmentConfig.none(), 0, Schedule.PLATEAU, OptimizerKind.ADAM, 0, null, List.of(),
                DropoutSeeds.PER_BATCH);
    }

    /**
     * A configuration from its JSON form (a config.json, or a plan's entry), checked, with messages
     * that name its fields and {@code source}; a later format than this Atelier's is refused.
     */
    public static TrainConfig fromJson(JsonNode node, java.nio.file.Path source) {
        if (node == null || !node.isObject()) {
            throw new UserException(source + ": holds no training configuration (an object with model, epochs, ...)");
        }
        JsonNode formatNode = node.get(FORMAT_KEY);
        if (formatNode != null && !(formatNode.isIntegralNumber() && formatNode.canConvertToInt() && formatNode.asInt() >= 1)) {
            throw new UserException(FORMAT_KEY + " in " + source + " must be a whole number, 1 or more, got " + formatNode);
        }
        int format = formatNode == null ? 1 : formatNode.asInt();
        if (format > FORMAT) {
            throw new UserException(source + " was written by a newer Atelier (configuration format " + format
                    + "; this one reads up to " + FORMAT + "); train it with that version, or update Atelier");
        }
        ConfigFileReading.refuseNulls(node, "", source);
        ObjectNode copy = node.deepCopy();
        copy.remove(FORMAT_KEY);
        if (!copy.has("dropoutSeeds")) {
            // Written before per-batch seeds existed: its masks were seeded per epoch.
            copy.put("dropoutSeeds", DropoutSeeds.PER_EPOCH.id());
        }
        TrainConfig config;
        try {
            config = ConfigFileReading.reader(formatNode != null).treeToValue(copy, TrainConfig.class);
        } catch (JsonMappingException e) {
            throw new UserException(ConfigFileReading.fieldOf(e) + " in " + source + " " + ConfigFileReading.mismatch(e));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException(source + ": not a valid training configuration (" + UserException.reason(e) + ")");
        }
        return config.validate(SettingSource.configFile(source));
    }

    /** This configuration's JSON form, as config.json holds it (without the format and provenance RunDirectory adds). */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /**
     * The settings in which {@code other} differs from this configuration, as "path: this -> other"
     * (e.g. "epochs: 6 -> 30", "plateau.patience: 1 -> 2"); empty when both train the same run.
     */
    public List<String> differencesFrom(TrainConfig other) {
        List<String> out = new ArrayList<>();
        collectDifferences("", toJson(), other.toJson(), out);
        return out;
    }

    private static void collectDifferences(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
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
        List<Extension> all = new ArrayList<>(extensions);
        all.add(new Extension(epochsDone, epochs + more));
        return toBuilder().set(TrainSettings.EPOCHS, epochs + more).extensions(all).build();
    }

    /** Checks every setting, naming them as the command line does. */
    public TrainConfig validate() {
        return validate(SettingSource.COMMAND_LINE);
    }

    /** Checks every setting for its range (finiteness included) and the settings against each other, naming them as {@code source} does. */
    public TrainConfig validate(SettingSource source) {
        for (Setting<?> s : TrainSettings.ALL) {
            check(s, source);
        }
        require(plateau.minDelta() >= 0 && Double.isFinite(plateau.minDelta()), "plateau min delta must be 0 or more, got "
                + plateau.minDelta());
        require(offlineCopies == 0 || augment.enabled(), "offline augmentation needs augmentation settings");
        require(!augment.alternateFlips() || augment.flip(), source.name(TrainSettings.ALTERNATE_FLIPS) + " needs flips ("
                + source.name(TrainSettings.FLIP) + ")");
        require(offlineCopies == 0 || !augment.alternateFlips(),
                "alternating flips follow the epochs, so they need on-the-fly augmentation, not offline copies");
        require(extensions.isEmpty() || schedule != Schedule.ONE_CYCLE, "a one-cycle run cannot be extended");
        return this;
    }

    private <T> void check(Setting<T> setting, SettingSource source) {
        setting.problem(setting.valueIn(this)).ifPresent(p -> {
            throw new UserException(source.name(setting) + " " + p);
        });
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserException(message);
        }
    }

    /** Whether augmentation happens on the fly, batch by batch. */
    public boolean augmentsOnline() {
        return augment.enabled() && offlineCopies == 0;
    }

    /** Each class's loss weight, or an empty array for none. */
    public double[] classWeightArray() {
        return classWeights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** This configuration with the model's own learning rate (or SGD's) and L2 filled in where left to it. */
    public TrainConfig resolved() {
        ModelArchitecture architecture = ModelArchitecture.byName(model);
        return toBuilder()
                .set(TrainSettings.LEARNING_RATE, learningRate != null ? learningRate
                        : optimizer == OptimizerKind.SGD ? SGD_LEARNING_RATE : architecture.defaultLearningRate())
                .set(TrainSettings.L2, l2 != null ? l2 : architecture.defaultL2())
                .build();
    }

    public Builder toBuilder() {
        return new Builder(toJson());
    }

    /**
     * Changes a few settings of a configuration, keeping the rest: each setting through its
     * declaration in {@link TrainSettings}, and the parts that are no single setting (the data, the
     * plateau, the augmentation as a whole, extensions, dropout seeding) as wholes.
     */
    public static final class Builder {
        private final ObjectNode tree;

        private Builder(ObjectNode tree) {
            this.tree = tree;
        }

        public <T> Builder set(Setting<T> setting, T value) {
            setting.writeTo(tree, value);
            return this;
        }

        public Builder data(DataConfig v) {
            return whole("data", v);
        }

        public Builder plateau(PlateauConfig v) {
            return whole("plateau", v);
        }

        public Builder augment(AugmentConfig v) {
            return whole("augment", v);
        }

        public Builder extensions(List<Extension> v) {
            return whole("extensions", v);
        }

        public Builder dropoutSeeds(DropoutSeeds v) {
            return whole("dropoutSeeds", v);
        }

        /** Both limits on the images trained and validated on; 0 for all. */
        public Builder limits(int train, int validation) {
            return whole("trainLimit", train).whole("validationLimit", validation);
        }

        /** One weight per class, or none. */
        public Builder classWeights(double... weights) {
            return whole("classWeights", weights.length == 0 ? List.of() : java.util.Arrays.stream(weights).boxed().toList());
        }

        private Builder whole(String key, Object value) {
            tree.set(key, Json.MAPPER.valueToTree(value));
            return this;
        }

        public TrainConfig build() {
            try {
                return Json.MAPPER.treeToValue(tree, TrainConfig.class);
            } catch (IOException e) {
                throw new IllegalStateException("a configuration's own JSON reads back", e);
            }
        }
    }
}
