package org.atelier.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * The runs under a folder (`serve --runs DIR`), two levels deep so that a folder of studies or
 * sweeps shows their runs too: each known by its path below the folder. Runs are found by listing
 * the folder, never by resolving a requested path, so a request can only name one of them.
 */
final class RunCatalog {
    /** The files of a run the runs page may show: its report and the pictures the report shows. */
    static final Set<String> SHOWN = Set.of(RunDirectory.REPORT, RunDirectory.CURVES, RunDirectory.CONFUSION, RunDirectory.MISTAKES,
            RunDirectory.AUGMENTATION);

    private final Path root;

    RunCatalog(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UserException("--runs " + root + ": no such folder");
        }
        this.root = root;
    }

    /** Every finished run (it has metrics.json), by its path below the folder, '/'-separated. */
    Map<String, RunDirectory> runs() {
        Map<String, RunDirectory> runs = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(root, 2)) {
            for (Path p : paths.filter(Files::isDirectory).sorted().toList()) {
                RunDirectory run = new RunDirectory(p);
                if (!p.equals(root) && run.has(RunDirectory.CONFIG) && run.has(RunDirectory.METRICS)
                        && p.getFileName().toString().charAt(0) != '.') {
                    runs.put(root.relativize(p).toString().replace('\\', '/'), run);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return runs;
    }

    /** One row per run: its figures and its settings, flattened to dotted names. */
    ArrayNode list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        runs().forEach((id, run) -> {
            ObjectNode m = run.metrics();
            ObjectNode row = list.addObject().put("id", id);
            JsonNode config = Json.read(run.file(RunDirectory.CONFIG), ObjectNode.class);
            row.put("model", config.path("model").asText());
            for (String key : List.of("val_accuracy", "test_accuracy", "best_epoch", "epochs_run", "params", "flops_per_image",
                    "train_seconds")) {
                row.set(key, m.get(key));
            }
            row.put("report", run.has(RunDirectory.REPORT));
            ObjectNode settings = row.putObject("settings");
            flatten("", config, settings);
        });
        return list;
    }

    /** A run's validation and training curves, epoch by epoch. */
    ObjectNode history(String id) {
        RunDirectory run = runs().get(id);
        if (run == null) {
            throw new HttpError(404, "no run '" + id + "' under the runs folder");
        }
        ObjectNode out = Json.MAPPER.createObjectNode().put("id", id);
        ArrayNode epochs = out.putArray("epochs");
        for (EpochRecord r : run.history()) {
            ObjectNode e = epochs.addObject().put("epoch", r.epoch()).put("loss", r.trainLoss()).put("accuracy", r.trainAccuracy());
            if (!Double.isNaN(r.validationAccuracy())) {
                e.put("val_loss", r.validationLoss()).put("val_accuracy", r.validationAccuracy());
            }
        }
        return out;
    }

    /** One of a run's shown files, or a 404. */
    byte[] file(String id, String name) {
        RunDirectory run = runs().get(id);
        if (run == null || !SHOWN.contains(name) || !run.has(name)) {
            throw new HttpError(404, "no such file of a run: " + id + "/" + name);
        }
        try {
            return Files.readAllBytes(run.file(name));
        } catch (IOException e) {
            throw new HttpError(404, "cannot read " + id + "/" + name);
        }
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (prefix.isEmpty() && (e.getKey().equals("provenance") || e.getKey().equals("resumes"))) {
                    continue; // where and when it ran, not what it is
                }
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
