package org.atelier.tune;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.atelier.config.Setting;
import org.atelier.config.SettingSource;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainSettings;
import org.atelier.config.ValueType;
import org.atelier.sweep.SweepGrid;
import org.atelier.util.Seeds;
import org.atelier.util.UserException;

/**
 * What a tuning search draws its trials from: settings fixed for every trial, and per searched
 * setting a distribution. Read from a YAML or JSON file in the sweep's style:
 * <pre>
 * fixed:  {model: fastnet, epochs: 9}
 * search:
 *   lr: {loguniform: [0.0005, 0.005]}
 *   label-smoothing: {uniform: [0, 0.2]}
 *   batch-size: {choice: [128, 256]}
 *   shift-pixels: {int: [0, 3]}
 * </pre>
 * Trial {@code t}'s value of each setting is drawn from its own stream of the search's seed, so it
 * does not depend on how many trials are drawn, in which order, nor on the file's order of settings.
 */
public final class SearchSpace {
    static final List<String> SECTIONS = List.of("fixed", "search");
    private static final String WHAT = "search space";

    /** One searched setting's distribution. */
    public sealed interface Distribution {
        /** The value at {@code u}, a uniform draw in [0, 1), as users type it. */
        String at(double u);

        /** Its name in a space file: choice, uniform, loguniform or int. */
        String kind();

        /** Its list in a space file, as users type the values. */
        List<String> arguments();
    }

    /** One of the values, each as likely. */
    public record Choice(List<String> values) implements Distribution {
        @Override
        public String at(double u) {
            return values.get(Math.min(values.size() - 1, (int) (u * values.size())));
        }

        @Override
        public String kind() {
            return "choice";
        }

        @Override
        public List<String> arguments() {
            return values;
        }
    }

    /** A number between low and high, each part of the range as likely; shown to 3 significant digits. */
    public record Uniform(double low, double high) implements Distribution {
        @Override
        public String at(double u) {
            return shown(low + u * (high - low), low, high);
        }

        @Override
        public String kind() {
            return "uniform";
        }

        @Override
        public List<String> arguments() {
            return List.of(ValueType.number(low), ValueType.number(high));
        }
    }

    /** A number between low and high whose logarithm is uniform: as likely in [1e-4, 1e-3] as in [1e-3, 1e-2]. */
    public record LogUniform(double low, double high) implements Distribution {
        @Override
        public String at(double u) {
            return shown(Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))), low, high);
        }

        @Override
        public String kind() {
            return "loguniform";
        }

        @Override
        public List<String> arguments() {
            return List.of(ValueType.number(low), ValueType.number(high));
        }
    }

    /** A whole number from low to high, both included. */
    public record Whole(long low, long high) implements Distribution {
        @Override
        public String at(double u) {
            return String.valueOf(Math.min(high, low + (long) (u * (high - low + 1))));
        }

        @Override
        public String kind() {
            return "int";
        }

        @Override
        public List<String> arguments() {
            return List.of(String.valueOf(low), String.valueOf(high));
        }
    }

    private final Map<String, String> fixed;
    private final Map<String, Distribution> searched;
    private final Path file;

    SearchSpace(Map<String, String> fixed, Map<String, Distribution> searched, Path file) {
        this.fixed = new LinkedHashMap<>(fixed);
        this.searched = new LinkedHashMap<>(searched);
        this.file = file;
    }

    public Map<String, String> fixed() {
        return fixed;
    }

    /** The searched settings in the file's order, by their option names. */
    public Map<String, Distribution> searched() {
        return searched;
    }

    /**
     * The space as data, {@code {"fixed": {...}, "search": {"lr": {"loguniform": [5e-4, 0.005]}}}}, with
     * settings by their names and values as users type them: what a tuning folder records, so that
     * running it again with another space is refused naming the difference, not the file's spelling.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var root = org.atelier.util.Json.MAPPER.createObjectNode();
        var fixedNode = root.putObject("fixed");
        fixed.forEach(fixedNode::put);
        var searchNode = root.putObject("search");
        searched.forEach((option, d) -> {
            var args = searchNode.putObject(option).putArray(d.kind());
            d.arguments().forEach(args::add);
        });
        return root;
    }

    /** Trial {@code trial}'s searched values (drawn from the search's {@code seed}), as users type them. */
    public Map<String, String> draw(long seed, int trial) {
        // one stream per setting, keyed by its name: a trial's lr is the same whatever the file's order or other settings
        long trialSeed = Seeds.child(seed, Seeds.TRIAL_SETTINGS, trial);
        Map<String, String> values = new LinkedHashMap<>();
        searched.forEach((option, distribution) -> values.put(option,
                distribution.at(new SplittableRandom(Seeds.child(trialSeed, option.hashCode())).nextDouble())));
        return values;
    }

    /** The settings of trial {@code trial}: the fixed ones and its draw, each checked as the command line's would be. */
    public SettingValues settings(long seed, int trial) {
        SettingSource source = SettingSource.file(file);
        SettingValues values = new SettingValues(source);
        fixed.forEach((option, text) -> values.putText(option, text, source));
        draw(seed, trial).forEach((option, text) -> values.putText(option, text, source));
        return values;
    }

    /** Reads a space file: YAML when it ends in .yaml or .yml, else JSON; refused in one line naming what is wrong. */
    public static SearchSpace read(Path file) {
        return of(SweepGrid.readTree(file, WHAT), file);
    }

    /** The space of {@code root}, a space file's tree (or {@link #toJson()}'s); {@code file} names it in messages. */
    public static SearchSpace of(JsonNode root, Path file) {
        if (root == null || !root.isObject()) {
            throw new UserException(WHAT + " " + file + " must hold an object with " + SECTIONS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (!SECTIONS.contains(section)) {
                throw new UserException(WHAT + " " + file + ": unknown section '" + section + "'; the sections are " + SECTIONS);
            }
        }
        for (String section : SECTIONS) {
            JsonNode node = root.path(section);
            if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
                throw new UserException(WHAT + " " + file + ": '" + section + "' must map settings to "
                        + (section.equals("fixed") ? "values (e.g. fixed: {model: fastnet})" : "distributions (e.g. search: {lr: "
                        + "{loguniform: [0.0005, 0.005]}})") + ", got " + node);
            }
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        root.path("fixed").fields().forEachRemaining(e -> fixed.put(setting(file, e.getKey()).name(),
                SweepGrid.scalar(WHAT, file, e.getKey(), e.getValue())));
        Map<String, Distribution> searched = new LinkedHashMap<>();
        root.path("search").fields().forEachRemaining(e -> {
            Setting<?> s = setting(file, e.getKey());
            if (fixed.containsKey(s.name()) || searched.containsKey(s.name())) {
                throw new UserException(WHAT + " " + file + ": " + s.option() + " is given twice (fixed and searched, or under two names)");
            }
            searched.put(s.name(), distribution(file, s, e.getValue()));
        });
        if (searched.isEmpty()) {
            throw new UserException(WHAT + " " + file + " searches nothing: give at least one setting under 'search' (e.g. "
                    + "search: {lr: {loguniform: [0.0005, 0.005]}}); a grid of fixed values is a sweep");
        }
        return new SearchSpace(fixed, searched, file);
    }

    private static Setting<?> setting(Path file, String option) {
        if (option.equals(TrainSettings.SEED.name())) {
            throw new UserException(WHAT + " " + file + ": the trials' training seed is tune's --seed, not a setting of the space");
        }
        Setting<?> s = TrainSettings.byName(option).orElseThrow(() -> new UserException(WHAT + " " + file + ": unknown setting '"
                + option + "' (the settings are train's options without dashes, e.g. lr, batch-size, label-smoothing)"));
        if (s == TrainSettings.EPOCHS) {
            throw new UserException(WHAT + " " + file + ": a trial's full length is tune's --max-epochs, not a setting of the space");
        }
        return s;
    }

    private static Distribution distribution(Path file, Setting<?> s, JsonNode node) {
        String where = WHAT + " " + file + ": " + s.name();
        if (!node.isObject() || node.size() != 1) {
            throw new UserException(where + " must be one of {choice: [...]}, {uniform: [lo, hi]}, {loguniform: [lo, hi]}, "
                    + "{int: [lo, hi]}, got " + node);
        }
        String kind = node.fieldNames().next();
        if (!List.of("choice", "uniform", "loguniform", "int").contains(kind)) {
            throw new UserException(where + ": unknown distribution '" + kind + "'; the distributions are choice, uniform, "
                    + "loguniform, int");
        }
        JsonNode args = node.get(kind);
        if (!args.isArray()) {
            throw new UserException(where + ": " + kind + " takes a list, got " + args);
        }
        List<String> texts = new ArrayList<>();
        args.forEach(v -> texts.add(SweepGrid.scalar(WHAT, file, s.name(), v)));
        texts.forEach(text -> requireValue(where, s, text));
        if (kind.equals("choice")) {
            if (texts.isEmpty()) {
                throw new UserException(where + ": choice needs at least one value");
            }
            return new Choice(texts);
        }
        if (texts.size() != 2) {
            throw new UserException(where + ": " + kind + " takes [low, high], got " + args);
        }
        double low;
        double high;
        try {
            low = Double.parseDouble(texts.get(0));
            high = Double.parseDouble(texts.get(1));
        } catch (NumberFormatException e) {
            throw new UserException(where + ": " + kind + " takes numbers, got " + args);
        }
        if (!(low < high)) {
            throw new UserException(where + ": " + kind + " needs low < high, got " + args);
        }
        Distribution d = switch (kind) {
            case "uniform" -> new Uniform(low, high);
            case "loguniform" -> {
                if (low <= 0) {
                    throw new UserException(where + ": loguniform needs low > 0, got " + args);
                }
                yield new LogUniform(low, high);
            }
            default -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw new UserException(where + ": int takes whole numbers, got " + args);
                }
                yield new Whole((long) low, (long) high);
            }
        };
        // a whole-number setting drawn from a continuous range would fail at its first trial
        String middle = d.at(0.5);
        try {
            s.parse(middle);
        } catch (ValueType.BadValue e) {
            throw new UserException(where + ": " + kind + " draws values such as " + middle + ", and " + e.getMessage()
                    + " (draw whole numbers with {int: [lo, hi]})");
        }
        return d;
    }

    /** A bound or choice the setting itself refuses is named now, not when a trial draws it. */
    private static <T> void requireValue(String where, Setting<T> s, String text) {
        try {
            s.problem(s.parse(text)).ifPresent(problem -> {
                throw new UserException(where + " " + problem);
            });
        } catch (ValueType.BadValue e) {
            throw new UserException(where + ": " + e.getMessage());
        }
    }

    /** {@code v} to 3 significant digits, kept within [low, high] (rounding 0.04996 gives 0.05). */
    static String shown(double v, double low, double high) {
        double rounded = new BigDecimal(v).round(new MathContext(3)).doubleValue();
        return ValueType.number(Math.max(low, Math.min(high, rounded)));
    }
}
