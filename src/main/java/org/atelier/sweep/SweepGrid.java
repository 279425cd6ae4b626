package org.atelier.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atelier.util.UserException;

/**
 * A sweep's grid: training options fixed for every run, options that take each of several values,
 * and the seeds. Options are named as on `train`'s command line, without the dashes. Read from a
 * JSON or YAML file:
 *
 * <pre>
 * fixed: {model: fastnet, epochs: 3}
 * vary:  {lr: [0.001, 0.003], batch-size: [128, 256]}
 * seeds: [1, 2]
 * </pre>
 *
 * The runs are every combination of the varied values (the first option varying slowest), each
 * with every seed.
 */
public record SweepGrid(Map<String, String> fixed, Map<String, List<String>> varied, List<Long> seeds) {
    static final Set<String> SECTIONS = Set.of("fixed", "vary", "seeds");

    public SweepGrid {
        fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        Map<String, List<String>> copied = new LinkedHashMap<>();
        varied.forEach((option, values) -> copied.put(option, List.copyOf(values)));
        varied = java.util.Collections.unmodifiableMap(copied);
        seeds = List.copyOf(seeds);
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
    }

    public static SweepGrid empty(List<Long> seeds) {
        return new SweepGrid(Map.of(), Map.of(), seeds);
    }

    /** Reads a grid file: YAML when it ends in .yaml or .yml, else JSON. */
    public static SweepGrid read(Path file, List<Long> defaultSeeds) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserException("sweep file " + file + " does not exist");
        } catch (JacksonException e) {
            throw new UserException("sweep file " + file + " is not valid " + (mapper.getFactory() instanceof YAMLFactory ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserException("cannot read sweep file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UserException("sweep file " + file + " must hold an object with " + SECTIONS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (!SECTIONS.contains(section)) {
                throw new UserException("sweep file " + file + ": unknown section '" + section + "'; the sections are " + SECTIONS);
            }
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        root.path("fixed").fields().forEachRemaining(e -> fixed.put(e.getKey(), scalar(file, e.getKey(), e.getValue())));
        Map<String, List<String>> varied = new LinkedHashMap<>();
        root.path("vary").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(scalar(file, e.getKey(), v)));
            } else {
                values.add(scalar(file, e.getKey(), e.getValue()));
            }
            varied.put(e.getKey(), values);
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
        return new SweepGrid(fixed, varied, seeds);
    }

    private static String scalar(Path file, String option, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new UserException("sweep file " + file + ": '" + option + "' must be a plain value (a number, word or "
                    + "true/false), got " + value);
        }
        return value.asText();
    }

    /** This grid with the command line's additions: its fixed and varied options win, and its seeds if any. */
    public SweepGrid with(Map<String, String> moreFixed, Map<String, List<String>> moreVaried, List<Long> otherSeeds) {
        Map<String, String> f = new LinkedHashMap<>(fixed);
        Map<String, List<String>> v = new LinkedHashMap<>(varied);
        moreFixed.forEach((option, value) -> {
            v.remove(option);
            f.put(option, value);
        });
        moreVaried.forEach((option, values) -> {
            f.remove(option);
            v.put(option, values);
        });
        return new SweepGrid(f, v, otherSeeds.isEmpty() ? seeds : otherSeeds);
    }

    /** Every combination of the varied values, each with the fixed options first; the first option varies slowest. */
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

    /** What tells a combination from the others: its varied options, as option=value. */
    public String label(Map<String, String> combination) {
        if (varied.isEmpty()) {
            return "as fixed";
        }
        List<String> parts = new ArrayList<>();
        varied.keySet().forEach(option -> parts.add(option + "=" + combination.get(option)));
        return String.join(" ", parts);
    }
}
