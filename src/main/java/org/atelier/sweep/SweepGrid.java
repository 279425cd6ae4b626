package org.atelier.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.atelier.config.Setting;
import org.atelier.config.SettingSource;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainSettings;
import org.atelier.config.ValueType;
import org.atelier.util.UserException;

/**
 * A sweep's grid: training settings fixed for every run, settings that take each of several
 * values, and the seeds. Settings are named as train's options, without the dashes. Read from a
 * JSON or YAML file:
 *
 * <pre>
 * fixed: {model: fastnet, epochs: 3}
 * vary:  {lr: [0.001, 0.003], batch-size: [128, 256]}
 * seeds: [1, 2]
 * </pre>
 *
 * The runs are every combination of the varied values (the first setting varying slowest), each
 * with every seed. Each value is checked as the setting's own when the grid is made, and named
 * where it came from (the file, or --fix and --vary) when it is refused.
 *
 * @param sources where each setting of the grid came from, for messages
 */
public record SweepGrid(Map<String, String> fixed, Map<String, List<String>> varied, List<Long> seeds,
                        Map<String, SettingSource> sources) {
    /** In the order messages list them (a Set.of listed them in a new order each run). */
    static final List<String> SECTIONS = List.of("fixed", "vary", "seeds");

    public SweepGrid {
        // settings by their own names: lr fixed and learning-rate varied are one setting, not two of which one is lost
        fixed = Collections.unmodifiableMap(canonical(fixed));
        Map<String, List<String>> copied = new LinkedHashMap<>();
        canonical(varied).forEach((option, values) -> copied.put(option, List.copyOf(values)));
        varied = Collections.unmodifiableMap(copied);
        seeds = List.copyOf(seeds);
        Map<String, SettingSource> named = new LinkedHashMap<>();
        sources.forEach((option, source) -> named.put(canonical(option), source));
        sources = Collections.unmodifiableMap(named);
        for (String option : varied.keySet()) {
            if (fixed.containsKey(option)) {
                throw new UserException("sweep: '" + option + "' is both fixed and varied");
            }
            if (varied.get(option).isEmpty()) {
                throw new UserException("sweep: '" + option + "' is given no values to vary over");
            }
        }
        if (fixed.containsKey("seed") || varied.containsKey("seed")) {
            throw new UserException("sweep: give seeds as 'seeds' (--seeds), not as an option");
        }
        if (seeds.isEmpty()) {
            throw new UserException("sweep: at least one seed is needed");
        }
        if (seeds.stream().distinct().count() < seeds.size()) {
            throw new UserException("sweep: a seed is given twice in " + seeds);
        }
        // Every value is a value of its setting: refused now, before any run trains.
        Map<String, SettingSource> from = sources;
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            checked(e.getKey(), e.getValue(), from);
        }
        for (Map.Entry<String, List<String>> e : varied.entrySet()) {
            e.getValue().forEach(v -> checked(e.getKey(), v, from));
        }
    }

    /** A setting's own name for {@code option} (lr for learning-rate); an unknown name as it is, refused when checked. */
    private static String canonical(String option) {
        return TrainSettings.byName(option).map(Setting::name).orElse(option);
    }

    private static <V> Map<String, V> canonical(Map<String, V> byOption) {
        return canonical(byOption, (first, second) -> "sweep: '" + canonical(first) + "' is given twice, as '" + first + "' and '"
                + second + "'");
    }

    /**
     * {@code byOption} keyed by the settings' own names (an alias, learning-rate, is its setting, lr);
     * a setting under two of its names is refused with {@code twice}'s message for the two keys, as one
     * of its values would otherwise be dropped.
     */
    static <V> Map<String, V> canonical(Map<String, V> byOption, java.util.function.BinaryOperator<String> twice) {
        Map<String, V> out = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        byOption.forEach((option, value) -> {
            String name = canonical(option);
            if (out.containsKey(name)) {
                throw new UserException(twice.apply(given.get(name), option));
            }
            out.put(name, value);
            given.put(name, option);
        });
        return out;
    }

    private static void checked(String name, String value, Map<String, SettingSource> sources) {
        new SettingValues(sources.getOrDefault(name, SettingSource.COMMAND_LINE)).putText(name, value);
    }

    /** A grid of settings from the command line. */
    public SweepGrid(Map<String, String> fixed, Map<String, List<String>> varied, List<Long> seeds) {
        this(fixed, varied, seeds, Map.of());
    }

    public static SweepGrid empty(List<Long> seeds) {
        return new SweepGrid(Map.of(), Map.of(), seeds, Map.of());
    }

    /** Reads a grid file: YAML when it ends in .yaml or .yml, else JSON; a key given twice is refused. */
    public static SweepGrid read(Path file, List<Long> defaultSeeds) {
        JsonNode root = readTree(file, "sweep file");
        if (root == null || !root.isObject()) {
            throw new UserException("sweep file " + file + " must hold an object with " + SECTIONS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (!SECTIONS.contains(section)) {
                throw new UserException("sweep file " + file + ": unknown section '" + section + "'; the sections are " + SECTIONS);
            }
        }
        requireObject(file, root, "fixed", "fixed: {model: fastnet, epochs: 3}");
        requireObject(file, root, "vary", "vary: {lr: [0.001, 0.003]}");
        SettingSource source = SettingSource.file(file);
        Map<String, SettingSource> sources = new LinkedHashMap<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        root.path("fixed").fields().forEachRemaining(e -> {
            fixed.put(e.getKey(), scalar("sweep file", file, e.getKey(), e.getValue()));
            sources.put(e.getKey(), source);
        });
        Map<String, List<String>> varied = new LinkedHashMap<>();
        root.path("vary").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(scalar("sweep file", file, e.getKey(), v)));
            } else {
                values.add(scalar("sweep file", file, e.getKey(), e.getValue()));
            }
            varied.put(e.getKey(), values);
            sources.put(e.getKey(), source);
        });
        List<Long> seeds = new ArrayList<>();
        JsonNode seedNode = root.path("seeds");
        if (seedNode.isMissingNode()) {
            seeds.addAll(defaultSeeds);
        } else {
            for (JsonNode s : seedNode.isArray() ? seedNode : List.of(seedNode)) {
                if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                    throw new UserException("sweep file " + file + ": seeds must be whole numbers, got " + s);
                }
                seeds.add(s.asLong());
            }
        }
        return new SweepGrid(fixed, varied, seeds, sources);
    }

    /**
     * The tree of a JSON or YAML file ({@code what} names it in messages): YAML when it ends in .yaml
     * or .yml; a key given twice in one object is refused rather than the last one taken.
     */
    public static JsonNode readTree(Path file, String what) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        // trailing tokens refused: "{...} garbage" and a second YAML document were read as the first alone
        ObjectMapper mapper = yaml ? YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build()
                : JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        try {
            return mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserException(what + " " + file + " does not exist");
        } catch (JacksonException e) {
            boolean isYaml = mapper.getFactory() instanceof YAMLFactory;
            if (e.getOriginalMessage().startsWith("Trailing token") && e.getLocation() != null) {
                throw new UserException(what + " " + file + " holds more after its " + (isYaml ? "first document (a second, from "
                        : "end (from ") + "line " + e.getLocation().getLineNr() + "); give one " + (isYaml ? "document" : "object"));
            }
            throw new UserException(what + " " + file + " is not valid " + (isYaml ? "YAML" : "JSON") + ": " + oneLine(e));
        } catch (IOException e) {
            throw new UserException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /**
     * The parser's complaint in one line with where it is: SnakeYAML's runs over six lines, quoting the
     * file twice with a caret under each place ("while parsing a flow sequence / in 'reader', line 2 ...").
     */
    private static String oneLine(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                        : ", " + yaml.getContext() + " from line " + (yaml.getContextMark().getLine() + 1);
                return yaml.getProblem() + " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                        + (yaml.getProblemMark().getColumn() + 1) + context;
            }
        }
        return org.atelier.util.Json.problem(e);
    }

    private static void requireObject(Path file, JsonNode root, String section, String example) {
        JsonNode node = root.path(section);
        if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new UserException("sweep file " + file + ": '" + section + "' must map settings to values (e.g. " + example
                    + "), got " + node);
        }
    }

    /** A value of {@code option} in a grid or space file as users type it on the command line; anything but a plain value refused. */
    public static String scalar(String what, Path file, String option, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new UserException(what + " " + file + ": '" + option + "' must be a plain value (a number, word or "
                    + "true/false), got " + value);
        }
        // a number as users type it (1e30, 0.0005), not as Java prints a double (1.0E30, 5.0E-4)
        return value.isFloatingPointNumber() ? ValueType.number(value.doubleValue()) : value.asText();
    }

    /** This grid with the command line's additions ({@code source} names them): its fixed and varied settings win, and its seeds if any. */
    public SweepGrid with(Map<String, String> moreFixed, Map<String, List<String>> moreVaried, List<Long> otherSeeds,
                          SettingSource source) {
        Map<String, String> f = new LinkedHashMap<>(fixed);
        Map<String, List<String>> v = new LinkedHashMap<>(varied);
        Map<String, SettingSource> s = new LinkedHashMap<>(sources);
        canonical(moreFixed).forEach((option, value) -> {
            v.remove(option);
            f.put(option, value);
            s.put(option, source);
        });
        canonical(moreVaried).forEach((option, values) -> {
            f.remove(option);
            v.put(option, values);
            s.put(option, source);
        });
        return new SweepGrid(f, v, otherSeeds.isEmpty() ? seeds : otherSeeds, s);
    }

    /** Every combination of the varied values, each with the fixed settings first; the first setting varies slowest. */
    public List<Map<String, String>> combinations() {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>(fixed));
        for (Map.Entry<String, List<String>> option : varied.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : option.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(partial);
                    c.put(option.getKey(), value);
                    next.add(c);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** The settings of one combination with {@code seed}, each named where it came from. */
    public SettingValues settings(Map<String, String> combination, long seed) {
        SettingValues values = new SettingValues(sources.values().stream().findFirst().orElse(SettingSource.COMMAND_LINE));
        combination.forEach((name, text) -> values.putText(name, text, sources.getOrDefault(name, SettingSource.COMMAND_LINE)));
        return values.put(org.atelier.config.TrainSettings.SEED, seed);
    }

    private static <T> String shown(Setting<T> setting, String text) {
        try {
            return setting.show(setting.parse(text));
        } catch (ValueType.BadValue e) {
            return text;
        }
    }

    /** What tells a combination from the others: its varied settings, as name=value. */
    public String label(Map<String, String> combination) {
        if (varied.isEmpty()) {
            return "as fixed";
        }
        List<String> parts = new ArrayList<>();
        // as help names and shows them: "lr=5e-4", not "learning-rate=5.0E-4" (an alias, and YAML's number as Java prints it)
        varied.keySet().forEach(option -> parts.add(TrainSettings.byName(option).map(s -> s.name() + "=" + shown(s,
                combination.get(option))).orElse(option + "=" + combination.get(option))));
        return String.join(" ", parts);
    }
}
