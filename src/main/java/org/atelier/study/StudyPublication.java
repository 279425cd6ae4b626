package org.atelier.study;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.atelier.reporting.RunReport;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.SweepFolder;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * A study's small files copied into another folder (a repository's results/study, say), and its
 * comparison rebuilt there from them alone: parameters, checkpoints and locks stay behind. The plan
 * is merged into the one already there, in the study's order, so a study continued in a new folder
 * (a new machine) adds its experiments to the old ones. An unfinished run publishes its
 * configuration and history so far, with its curves and page so far, under DEST-unfinished/ID until
 * it finishes, so that a lost machine loses no record of what ran. Two publications into one
 * folder take turns.
 */
public final class StudyPublication {
    /** What a finished experiment publishes, where the run has it. */
    static final List<String> FINISHED_FILES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.METRICS, RunDirectory.EVALUATION,
                    RunDirectory.CURVES, RunDirectory.SUMMARY, RunDirectory.AUGMENTATION, RunDirectory.REPORT),
            RunDirectory.EVALUATION_PICTURES.stream()).toList();
    /** What an unfinished one publishes, before its curves and page are drawn from them. */
    static final List<String> UNFINISHED_FILES = List.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.SUMMARY);
    /** A repository takes small files only. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private StudyPublication() {}

    /** Publishes {@code study} into {@code dest}; says on {@code log} what it left out or found unfinished. */
    public static Path publish(Path study, Path dest, PrintWriter log) {
        SweepFolder source = Study.folder(study);
        if (!Files.isRegularFile(source.planPath())) {
            throw new UserException(study + " holds no " + Study.PLAN_FILE + ": not a study folder");
        }
        Path unfinished = unfinishedFolder(dest);
        List<Path> tooBig = new ArrayList<>();
        createDirectories(dest);
        try (FileChannel lock = FileChannel.open(lockFile(dest), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lock.lock();
            mergePlan(source.planPath(), Study.folder(dest).planPath());
            for (String id : source.plannedAndPartialIds()) {
                RunDirectory finished = source.finished(id);
                RunDirectory partial = source.partial(id);
                if (finished.has(RunDirectory.METRICS)) {
                    if (!finished.has(RunDirectory.EVALUATION)) {
                        log.println("publish: " + id + " is not evaluated on the test set yet");
                    }
                    copy(finished.root(), dest.resolve(id), FINISHED_FILES, tooBig);
                    deleteTree(unfinished.resolve(id));
                } else if (partial.has(RunDirectory.HISTORY)) {
                    log.println("publish: " + id + " is unfinished: its history so far goes to " + unfinished.resolve(id));
                    if (copy(partial.root(), unfinished.resolve(id), UNFINISHED_FILES, tooBig)) {
                        RunReport.write(new RunDirectory(unfinished.resolve(id)));
                    }
                }
            }
            removeIfEmpty(unfinished);
            Study.report(dest, Study.folder(dest).finishedRuns());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish into " + dest + ": " + e.getMessage(), e);
        }
        if (!tooBig.isEmpty()) {
            throw new UserException("over 1 MB, not for a repository (left out): " + tooBig);
        }
        return dest;
    }

    /** A lock file for publications into {@code dest}, outside it (a published folder holds the study's files only). */
    private static Path lockFile(Path dest) {
        String key = Integer.toHexString(dest.toAbsolutePath().normalize().toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), "atelier-publish-" + key + ".lock");
    }

    /** Where unfinished runs of a study published to {@code dest} go: beside it, as DEST-unfinished. */
    public static Path unfinishedFolder(Path dest) {
        Path absolute = dest.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-unfinished");
    }

    /** The plan there, with this study's entries added or replaced, in the study's order. */
    private static void mergePlan(Path from, Path into) {
        ObjectNode merged = Json.readObjectOrEmpty(into);
        Json.read(from, ObjectNode.class).properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        List<String> ids = new ArrayList<>();
        merged.fieldNames().forEachRemaining(ids::add);
        ids.sort(Comparator.comparingInt(id -> StudyExperiment.byId(id).map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        ObjectNode ordered = Json.MAPPER.createObjectNode();
        ids.forEach(id -> ordered.set(id, merged.get(id)));
        Json.write(into, ordered);
    }

    /**
     * Copies each of {@code files} that {@code from} has into {@code to}, each in one move; a file
     * over {@link #MAX_FILE_BYTES} is left out and named in {@code tooBig}. False when nothing was copied.
     */
    private static boolean copy(Path from, Path to, List<String> files, List<Path> tooBig) throws IOException {
        boolean any = false;
        for (String name : files) {
            Path file = from.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                tooBig.add(file);
                continue;
            }
            createDirectories(to);
            byte[] bytes = Files.readAllBytes(file);
            AtomicFiles.write(to.resolve(name), out -> out.write(bytes));
            any = true;
        }
        return any;
    }

    private static void removeIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
