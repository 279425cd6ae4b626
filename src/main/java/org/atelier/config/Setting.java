package org.atelier.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One training setting, declared once: its name (as users type it: {@code --NAME} on the command
 * line, {@code NAME:} in a grid or settings file), group, value label, one-line description,
 * value type and check, and how it reads from and writes into a {@link TrainConfig}. Help texts,
 * the docs' table, sweeps, settings files and error messages all come from these declarations
 * ({@link TrainSettings}).
 *
 * @param <T> the value as users give it; null where the setting is left to its default
 */
public final class Setting<T> {
    /** The groups of train's help and of the docs' table, in their order. */
    public enum Group {
        MODEL("Model"),
        SCHEDULE("Length, optimiser and learning rate"),
        AUGMENTATION("Augmentation"),
        REGULARISATION("Regularisation"),
        DATA("Data"),
        RUN("Run");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }
    }

    private final String name;
    private final List<String> aliases;
    private final Group group;
    private final String label;
    private final String description;
    private final ValueType<T> type;
    private final Function<T, String> check;
    private final Function<TrainConfig, T> read;
    private final BiConsumer<ObjectNode, T> write;
    private final String path;
    private final String defaultText;
    /** The value that switches the setting's feature off (early stopping's 0), or null when none does. */
    private final T offValue;

    private Setting(Builder<T> b) {
        name = b.name;
        aliases = List.copyOf(b.aliases);
        group = b.group;
        label = b.label;
        description = b.description;
        type = b.type;
        check = b.check;
        read = b.read;
        write = b.write;
        path = b.path;
        defaultText = b.defaultText;
        offValue = b.offValue;
    }

    /** The option's name without its dashes, e.g. "batch-size". */
    public String name() {
        return name;
    }

    /** Other names the command line takes, without dashes (e.g. "learning-rate" for "lr"). */
    public List<String> aliases() {
        return aliases;
    }

    public Group group() {
        return group;
    }

    /** What the value is called in help, e.g. "N" or "RATE"; empty for a switch. */
    public String label() {
        return label;
    }

    /** One line: what the setting does (without its default). */
    public String description() {
        return description;
    }

    /** Where config.json keeps it, e.g. "plateau.factor": how errors about a config.json name it. */
    public String path() {
        return path;
    }

    /** The default as users would type it, or in words where it depends (e.g. "the model's own: ..."). */
    public String defaultText() {
        return defaultText;
    }

    /** Whether it takes no value on the command line (a flag); in files it is true or false. */
    public boolean isSwitch() {
        return type.isSwitch();
    }

    /** Whether the command line also takes --no-NAME. */
    public boolean negatable() {
        return type.negatable();
    }

    /** The value in {@code text}, as users type it. */
    public T parse(String text) throws ValueType.BadValue {
        return type.parse(text);
    }

    /** What is wrong with {@code value} for this setting ("must be at least 1, got 0"), if anything. */
    public Optional<String> problem(T value) {
        return value == null ? Optional.empty() : Optional.ofNullable(check.apply(value));
    }

    /** The value {@code config} holds, as users give it; null where the setting is at its default or has no value of its own. */
    public T valueIn(TrainConfig config) {
        return read.apply(config);
    }

    /** The value as users type it. */
    public String show(T value) {
        return value == null ? "" : type.show(value);
    }

    /** Writes {@code value} into a configuration's JSON tree (the form config.json has). */
    void writeTo(ObjectNode tree, T value) {
        write.accept(tree, value);
    }

    /**
     * {@code value} as a run's page shows it: as users type it, with "(off)" after the value that
     * switches the feature off ("0 (off)").
     */
    public String showWithMeaning(T value) {
        return show(value) + (value != null && value.equals(offValue) ? " (off)" : "");
    }

    /** The command-line option, as users type it: {@code --batch-size}. */
    public String option() {
        return "--" + name;
    }

    @Override
    public String toString() {
        return option();
    }

    static <T> Builder<T> named(String name, ValueType<T> type) {
        return new Builder<>(name, type);
    }

    /** Declares a setting; see {@link TrainSettings}. */
    static final class Builder<T> {
        private final String name;
        private final ValueType<T> type;
        private List<String> aliases = List.of();
        private Group group;
        private String label = "";
        private String description;
        private Function<T, String> check = v -> null;
        private Function<TrainConfig, T> read;
        private BiConsumer<ObjectNode, T> write;
        private String path;
        private String defaultText;
        private T offValue;

        private Builder(String name, ValueType<T> type) {
            this.name = name;
            this.type = type;
        }

        Builder<T> aliases(String... names) {
            aliases = List.of(names);
            return this;
        }

        Builder<T> group(Group g) {
            group = g;
            return this;
        }

        Builder<T> label(String l) {
            label = l;
            return this;
        }

        Builder<T> describe(String text) {
            description = text;
            return this;
        }

        /** {@code problem} says what is wrong with a value, or null when it is fine. */
        Builder<T> check(Function<T, String> problem) {
            check = problem;
            return this;
        }

        /** Kept at {@code jsonPath} of config.json, read and written there as it is. */
        Builder<T> at(String jsonPath, Function<TrainConfig, T> reader) {
            path = jsonPath;
            read = reader;
            write = (tree, value) -> ConfigTrees.set(tree, jsonPath, value);
            return this;
        }

        /** Kept at {@code jsonPath} in a form of its own: {@code reader} and {@code writer} translate. */
        Builder<T> at(String jsonPath, Function<TrainConfig, T> reader, BiConsumer<ObjectNode, T> writer) {
            path = jsonPath;
            read = reader;
            write = writer;
            return this;
        }

        /** {@code value} switches the feature off (shown as "0 (off)" on a run's page). */
        Builder<T> offAt(T value) {
            offValue = value;
            return this;
        }

        Builder<T> defaultText(String text) {
            defaultText = text;
            return this;
        }

        Setting<T> build() {
            if (group == null || description == null || read == null || write == null) {
                throw new IllegalStateException("setting " + name + " is declared incompletely");
            }
            if (defaultText == null) {
                T value = read.apply(TrainConfig.defaults());
                defaultText = value == null ? "none" : type.show(value);
            }
            return new Setting<>(this);
        }
    }
}
