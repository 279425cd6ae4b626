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
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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

    /** One row per run: its id, its metrics.json as written, whether it has a report, and its settings flattened to dotted names. */
    ArrayNode list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        runs().forEach((id, run) -> {
            ObjectNode row = list.addObject().put("id", id);
            row.set("metrics", Json.MAPPER.valueToTree(run.metrics().orElseThrow()));
            row.put("report", run.has(RunDirectory.REPORT));
            flatten("", Json.MAPPER.valueToTree(run.config()), row.putObject("settings"));
        });
        return list;
    }

    /** A run's history, epoch by epoch, each epoch as history.csv's columns (validation left out where none was measured). */
    ObjectNode history(String id) {
        RunDirectory run = runs().get(id);
        if (run == null) {
            throw new HttpError(404, "no run '" + id + "' under the runs folder");
        }
        ObjectNode out = Json.MAPPER.createObjectNode().put("id", id);
        ArrayNode epochs = out.putArray("epochs");
        run.history().forEach(r -> epochs.add(Json.MAPPER.valueToTree(r.columns())));
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
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
