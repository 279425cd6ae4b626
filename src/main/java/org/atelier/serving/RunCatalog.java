package org.atelier.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.atelier.config.TrainSettings;
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
    static final Set<String> SHOWN = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(RunDirectory.REPORT, RunDirectory.CURVES, RunDirectory.AUGMENTATION),
            RunDirectory.EVALUATION_PICTURES.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

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

    /**
     * One row per run: its id, when it started, its metrics (the RunMetrics record), whether it has a
     * report, its settings as users type them ({@code "--epochs": "2"}, the model's own values filled
     * in) and which of them differ from the defaults. A run whose files cannot be read is a row with
     * its id and the reason, so that one damaged run does not hide the others.
     */
    ArrayNode list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        runs().forEach((id, run) -> {
            ObjectNode row = Json.MAPPER.createObjectNode().put("id", id);
            try {
                row.set("metrics", Json.MAPPER.valueToTree(run.metrics().orElseThrow()));
                row.put("report", run.has(RunDirectory.REPORT));
                row.put("started", run.provenance() == null ? null : run.provenance().started());
                ObjectNode settings = row.putObject("settings");
                ArrayNode changed = row.putArray("changed");
                for (TrainSettings.Shown shown : TrainSettings.shown(run.config())) {
                    settings.put(shown.setting().option(), shown.value());
                    if (!shown.atDefault()) {
                        changed.add(shown.setting().option());
                    }
                }
            } catch (UserException | UncheckedIOException e) {
                row = Json.MAPPER.createObjectNode().put("id", id).put("error", e.getMessage());
            }
            list.add(row);
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
            // a file served must be the run's own: a symlink out of the folder (to /etc/passwd, say) is not
            Path real = run.file(name).toRealPath();
            if (!real.startsWith(run.root().toRealPath()) || !Files.isRegularFile(real)) {
                throw new HttpError(404, "no such file of a run: " + id + "/" + name);
            }
            return Files.readAllBytes(real);
        } catch (IOException e) {
            throw new HttpError(404, "cannot read " + id + "/" + name);
        }
    }
}
