package org.atelier.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.atelier.config.TrainConfig;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * The folder of a sweep or study: a plan file that records each run's description and
 * configuration, one folder per finished run, and {@code .partial/} for runs still in training.
 * A run's folder appears only once it is trained and evaluated, moved there in one step, so a
 * folder under its own name is always finished.
 */
public final class SweepFolder {
    public static final String STUDY_PLAN = "study.json";
    public static final String SWEEP_PLAN = "sweep.json";
    static final String PARTIAL = ".partial";

    private final Path dir;
    private final String planFile;
    private final List<String> order;

    /**
     * @param order ids in the order the plan file keeps them (a study's own order), whichever
     *              calls added them; ids not in it keep the order they came in, after those that are
     */
    public SweepFolder(Path dir, String planFile, List<String> order) {
        this.dir = dir;
        this.planFile = planFile;
        this.order = List.copyOf(order);
    }

    /** The sweep or study folder at {@code dir}, if it is one: it holds a plan file and is not itself a run. */
    public static Optional<SweepFolder> at(Path dir) {
        if (new RunDirectory(dir).has(RunDirectory.CONFIG)) {
            return Optional.empty();
        }
        for (String plan : List.of(STUDY_PLAN, SWEEP_PLAN)) {
            if (Files.isRegularFile(dir.resolve(plan))) {
                return Optional.of(new SweepFolder(dir, plan, List.of()));
            }
        }
        return Optional.empty();
    }

    /** What the plan of the study or sweep folder {@code run} lies in says of it, when it lies in one that lists it. */
    public static Optional<String> descriptionOf(RunDirectory run) {
        Path root = run.root().toAbsolutePath().normalize();
        String id = String.valueOf(root.getFileName());
        return root.getParent() == null ? Optional.empty()
                : at(root.getParent()).flatMap(f -> f.plan().stream().filter(s -> s.id().equals(id)).findFirst())
                        .map(RunSpec::description);
    }

    public Path dir() {
        return dir;
    }

    public Path planPath() {
        return dir.resolve(planFile);
    }

    /** Where run {@code id} is once finished. */
    public RunDirectory finished(String id) {
        return new RunDirectory(dir.resolve(id));
    }

    /** Where run {@code id} trains until it is finished. */
    public RunDirectory partial(String id) {
        return new RunDirectory(dir.resolve(PARTIAL).resolve(id));
    }

    /** The ids of the runs training (or stopped) in this folder's partial area, in name order. */
    public List<String> partialIds() {
        return folderNames(dir.resolve(PARTIAL));
    }

    /** The plan's ids in its order, then those of partial runs the plan does not name (a plan edited by hand). */
    public java.util.Set<String> plannedAndPartialIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        plan().forEach(spec -> ids.add(spec.id()));
        ids.addAll(partialIds());
        return ids;
    }

    /** The names of the folders in {@code dir}, in name order; none when it does not exist. */
    public static List<String> folderNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public boolean isFinished(String id) {
        return finished(id).has(RunDirectory.EVALUATION);
    }

    /** Checks the folder against {@code specs} and records them in the plan file: before any run starts. */
    public void prepare(List<RunSpec> specs) {
        for (RunSpec spec : specs) {
            for (RunDirectory run : List.of(finished(spec.id()), partial(spec.id()))) {
                if (run.has(RunDirectory.CONFIG)) {
                    requireSame(run, spec.config());
                }
            }
        }
        ObjectNode record = Json.readObjectOrEmpty(planPath());
        for (RunSpec spec : specs) {
            ObjectNode entry = Json.MAPPER.createObjectNode();
            entry.put("description", spec.description());
            entry.set("config", spec.config().resolved().toJson());
            record.set(spec.id(), entry);
        }
        List<String> ids = new ArrayList<>();
        record.fieldNames().forEachRemaining(ids::add);
        ids.sort(Comparator.comparingInt(id -> order.contains(id) ? order.indexOf(id) : order.size()));
        ObjectNode sorted = Json.MAPPER.createObjectNode();
        ids.forEach(id -> sorted.set(id, record.get(id)));
        Json.write(planPath(), sorted);
    }

    private static void requireSame(RunDirectory run, TrainConfig wanted) {
        TrainConfig saved = run.config();
        // A run saved before dropout masks were seeded per batch is the same experiment, its masks
        // drawn otherwise; it goes on as it began.
        List<String> differences = saved.differencesFrom(wanted.resolved().toBuilder().dropoutSeeds(saved.dropoutSeeds()).build());
        if (!differences.isEmpty()) {
            throw new UserException(run.root() + " was trained with other settings than asked for now ("
                    + String.join("; ", differences.subList(0, Math.min(4, differences.size())))
                    + (differences.size() > 4 ? "; ..." : "") + "); use another --out, or the settings it was made with");
        }
    }

    /** Every run the plan file records, in its order. */
    public List<RunSpec> plan() {
        List<RunSpec> specs = new ArrayList<>();
        ObjectNode record = Json.readObjectOrEmpty(planPath());
        record.fields().forEachRemaining(e -> {
            JsonNode entry = e.getValue();
            TrainConfig config = TrainConfig.fromJson(entry.path("config"), planPath());
            specs.add(new RunSpec(e.getKey(), entry.path("description").asText(""), config));
        });
        return specs;
    }

    /** The recorded run {@code id}, or a user error naming the folder. */
    public RunSpec spec(String id) {
        return plan().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new UserException(planPath() + " records no run '" + id + "'"));
    }

    /**
     * Every run of the plan that has finished training (trained and, normally, evaluated), with
     * its description, in the plan's order. Reads only the small files, so a folder published
     * without parameters compares as well as the original.
     */
    /**
     * What is wrong with each finished run whose files were damaged since it finished (a metrics.json
     * or history.csv that cannot be read); such a run is never trained over, as it may be all a user has of it.
     */
    public List<String> damagedFinishedRuns() {
        List<String> damaged = new ArrayList<>();
        finishedRuns().keySet().forEach(run -> run.damage().ifPresent(damaged::add));
        return damaged;
    }

    /** The refusal of a folder with {@link #damagedFinishedRuns}: its comparison is left as it was, not rewritten without them. */
    public static UserException damaged(List<String> damaged) {
        return new UserException("finished runs that cannot be read: " + String.join("; ", damaged) + ". Repair those files, "
                + "or move the runs' folders away and run the same command again to train them anew (the comparison was "
                + "left as it was)");
    }

    public Map<RunDirectory, String> finishedRuns() {
        Map<RunDirectory, String> runs = new LinkedHashMap<>();
        for (RunSpec spec : plan()) {
            RunDirectory run = finished(spec.id());
            if (run.has(RunDirectory.METRICS)) {
                runs.put(run, spec.description());
            }
        }
        return runs;
    }
}
