package org.atelier.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.atelier.config.TrainConfig;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Json;
import org.atelier.util.Timestamps;
import org.atelier.util.UserException;

/**
 * The folder one training run writes and everything after it reads: configuration, history,
 * parameters, metrics, pictures and the report. The names of its files are defined here only.
 */
public record RunDirectory(Path root) {
    public static final String CONFIG = "config.json";
    public static final String HISTORY = "history.csv";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String BEST_PARAMS = "best.params";
    public static final String LAST_PARAMS = "last.params";
    public static final String METRICS = "metrics.json";
    public static final String CURVES = "training-curves.png";
    public static final String SUMMARY = "model-summary.txt";
    public static final String REPORT = "report.html";
    public static final String EVALUATION = "evaluation.json";
    public static final String CONFUSION = "confusion-matrix.png";
    public static final String MISTAKES = "mistakes.png";
    /** The same mistakes with the Grad-CAM map of the class each was taken for over it. */
    public static final String MISTAKES_EXPLAINED = "mistakes-explained.png";
    /** The two classes most often taken for each other: their most confident mistakes each way, explained. */
    public static final String CONFUSED_PAIR = "confused-pair-explained.png";
    public static final String RELIABILITY = "reliability-diagram.png";
    public static final String AUGMENTATION = "augmentation.png";
    /** The pictures an evaluation draws (the report draws the reliability diagram from evaluation.json). */
    public static final List<String> EVALUATION_PICTURES = List.of(CONFUSION, MISTAKES, MISTAKES_EXPLAINED, CONFUSED_PAIR, RELIABILITY);
    /** Where `atelier export` writes the network as ONNX unless told otherwise. */
    public static final String ONNX = "model.onnx";
    /** Held by the process that trains or evaluates the run, so that no other writes into it meanwhile. */
    public static final String LOCK = "run.lock";
    /** Why training last ended in an error (a diverged loss, say): written then, removed when the run trains again. */
    public static final String FAILURE = "failure.txt";
    /** config.json's entries beside the settings. */
    static final String PROVENANCE = "provenance";
    static final String RESUMES = "resumes";

    /** Where runs go when no folder is given. */
    public static final Path DEFAULT_PARENT = Path.of("runs");

    /** runs/2026-11-24T23-50-01-baseline, made unique if two runs start in the same second. */
    public static RunDirectory fresh(Path parent, String name) {
        String stamp = Timestamps.forFolder();
        Path dir = parent.resolve(stamp + "-" + name);
        for (int k = 2; Files.exists(dir); k++) {
            dir = parent.resolve(stamp + "-" + name + "-" + k);
        }
        return new RunDirectory(dir);
    }

    /** Refuses a folder that already holds a run, before anything is written into it. */
    public void requireNoRun() {
        requireNoRun("use --resume to continue it or choose another --run-dir");
    }

    /** As {@link #requireNoRun()}, saying {@code whatToDo} instead. */
    public void requireNoRun(String whatToDo) {
        if (has(CONFIG)) {
            throw new UserException(root + " already holds a run; " + whatToDo);
        }
    }

    /** An existing run directory, which must hold a saved configuration. */
    /** Whether {@code dir} is a run directory: one that holds a {@value #CONFIG}. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    public static RunDirectory existing(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": no such run directory");
        }
        if (!Files.isRegularFile(run.file(CONFIG))) {
            throw new UserException(dir + ": not a run directory (no " + CONFIG + ")");
        }
        return run;
    }

    /** A held lock on a run directory; closing it (or the process ending, however) releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final Path file;

        private Lock(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void close() {
            synchronized (HELD_HERE) {
                HELD_HERE.remove(file);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing releases the lock; nothing else to do.
                }
            }
        }
    }

    /**
     * Lock files this process holds; every lock of this process is taken, probed and released
     * while holding this set's monitor. The operating system releases a process's lock on a file
     * when the process closes any channel to that file, so neither {@link #lock} nor
     * {@link #lockHolder} may open one to a lock held here, nor race another thread that takes one.
     */
    private static final Set<Path> HELD_HERE = new HashSet<>();

    private Path lockFile() {
        return file(LOCK).toAbsolutePath().normalize();
    }

    /**
     * Locks the run directory (creating it) for this process: a second training or evaluation of
     * the same run, here or in another process, is refused instead of overwriting its files. The
     * operating system releases the lock when the process ends, even by SIGKILL, so a crash
     * leaves no stale lock.
     */
    public Lock lock() {
        synchronized (HELD_HERE) {
            if (HELD_HERE.contains(lockFile())) {
                // Refused like another process's: opening a second channel and closing it would release the lock.
                throw inUse();
            }
            FileChannel channel = null;
            try {
                Files.createDirectories(root);
                channel = FileChannel.open(file(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    channel.close();
                    throw inUse();
                }
                channel.truncate(0).write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
                HELD_HERE.add(lockFile());
                return new Lock(channel, lockFile());
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot lock " + root + ": " + e.getMessage(), e);
            }
        }
    }

    private UserException inUse() {
        return new UserException(root + " is in use by another atelier process training or evaluating it; wait for it "
                + "to finish, or choose another --run-dir");
    }

    /**
     * The process that holds this run's lock (training or evaluating it now), by the pid it wrote,
     * without taking or changing the lock; empty when no process holds it, -1 when one does but
     * its pid cannot be read. A lock held by this process counts as held, with this process's pid.
     */
    public OptionalLong lockHolder() {
        synchronized (HELD_HERE) {
            if (HELD_HERE.contains(lockFile())) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            if (!has(LOCK)) {
                return OptionalLong.empty();
            }
            try (FileChannel channel = FileChannel.open(file(LOCK), StandardOpenOption.WRITE)) {
                FileLock probe = channel.tryLock();
                if (probe != null) {
                    probe.release();
                    return OptionalLong.empty();
                }
                String pid = Files.readString(file(LOCK), StandardCharsets.US_ASCII).trim();
                return pid.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(pid)) : OptionalLong.of(-1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the lock of " + root + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Who holds this run's lock, in words for a message: "another atelier process (pid 123)", or
     * "this process"; empty when none does.
     */
    public Optional<String> heldBy() {
        OptionalLong holder = lockHolder();
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        long pid = holder.getAsLong();
        return Optional.of(pid == ProcessHandle.current().pid() ? "this process"
                : "another atelier process" + (pid > 0 ? " (pid " + pid + ")" : ""));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing.
            }
        }
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    public boolean has(String name) {
        return Files.isRegularFile(file(name));
    }

    /** The run's settings, checked; a config.json of a newer Atelier is refused naming its format. */
    public TrainConfig config() {
        return configIn(file(CONFIG));
    }

    /** The settings a config.json holds, checked, its records of where the run came from set aside. */
    public static TrainConfig configIn(Path file) {
        com.fasterxml.jackson.databind.JsonNode saved = Json.read(file, com.fasterxml.jackson.databind.JsonNode.class);
        if (saved instanceof ObjectNode object) {
            saved = object.deepCopy().without(List.of(PROVENANCE, RESUMES));
        }
        return TrainConfig.fromJson(saved, file);
    }

    /** Writes the settings into config.json, with its format, keeping the provenance already recorded there. */
    public void writeConfig(TrainConfig config) {
        ObjectNode node = config.toJson();
        node.put(TrainConfig.FORMAT_KEY, TrainConfig.FORMAT);
        if (has(CONFIG)) {
            readRecord(CONFIG, ObjectNode.class).properties().forEach(e -> {
                if (e.getKey().equals(PROVENANCE) || e.getKey().equals(RESUMES)) {
                    node.set(e.getKey(), e.getValue());
                }
            });
        }
        Json.write(file(CONFIG), node);
    }

    /** Records in config.json where a session of the run came from: the start's, or one more resume. */
    public void recordProvenance(Provenance provenance) {
        ObjectNode node = readRecord(CONFIG, ObjectNode.class);
        if (provenance.afterEpoch() == null) {
            node.set(PROVENANCE, Json.MAPPER.valueToTree(provenance));
        } else {
            node.withArray(RESUMES).add(Json.MAPPER.valueToTree(provenance));
        }
        Json.write(file(CONFIG), node);
    }

    public Provenance provenance() {
        return provenanceIn(readRecord(CONFIG, ObjectNode.class)).orElse(null);
    }

    /** Where the run of a config.json's content {@code config} came from, as its start recorded it. */
    public static Optional<Provenance> provenanceIn(com.fasterxml.jackson.databind.JsonNode config) {
        return config.has(PROVENANCE) ? Optional.of(Json.MAPPER.convertValue(config.get(PROVENANCE), Provenance.class))
                : Optional.empty();
    }

    /**
     * Removes what described the run's finished model (metrics.json, the test evaluation and its
     * charts), for a run that trains on: it ends with another model, and stale figures beside it would mislead.
     */
    public void discardResults() {
        for (String name : java.util.stream.Stream.concat(java.util.stream.Stream.of(METRICS, EVALUATION), EVALUATION_PICTURES.stream()).toList()) {
            try {
                Files.deleteIfExists(file(name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file(name) + ": " + e.getMessage(), e);
            }
        }
    }

    /** Why the run's training last ended in an error, when it did and has not trained since. */
    public Optional<String> failure() {
        if (!has(FAILURE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file(FAILURE)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(FAILURE) + ": " + e.getMessage(), e);
        }
    }

    /** Records why training ended in an error (see {@link #failure()}), or, with null, that it trains again. */
    public void recordFailure(String message) {
        try {
            if (message == null) {
                Files.deleteIfExists(file(FAILURE));
            } else {
                AtomicFiles.writeString(file(FAILURE), message + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(FAILURE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * What makes the run unreadable, if anything: the first of its small files (configuration,
     * metrics, evaluation, history) that cannot be read, and why. A run with a problem is named and
     * left out where several are shown, rather than ending the command.
     */
    public Optional<String> damage() {
        try {
            config();
            metrics();
            evaluation();
            history();
            return Optional.empty();
        } catch (UserException | UncheckedIOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** metrics.json, once training has ended; empty before. */
    public Optional<RunMetrics> metrics() {
        return has(METRICS) ? Optional.of(readRecord(METRICS, RunMetrics.class)) : Optional.empty();
    }

    public void writeMetrics(RunMetrics metrics) {
        Json.write(file(METRICS), metrics);
    }

    /** evaluation.json, once the run has been evaluated on the test set; empty before. */
    public Optional<EvaluationRecord> evaluation() {
        return has(EVALUATION) ? Optional.of(readRecord(EVALUATION, EvaluationRecord.class)) : Optional.empty();
    }

    public void writeEvaluation(EvaluationRecord evaluation) {
        Json.write(file(EVALUATION), evaluation);
    }

    /** One of the run's JSON files as its record; a file that holds no object (e.g. "null") is refused by name. */
    private <T> T readRecord(String name, Class<T> type) {
        T value = Json.read(file(name), type);
        if (value == null) {
            throw new UserException(file(name) + ": holds no " + name + " object (the file reads 'null')");
        }
        return value;
    }

    /** The epochs recorded so far (history.csv), in order; none before the first has ended. */
    public List<EpochRecord> history() {
        if (!has(HISTORY)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file(HISTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(HISTORY) + ": " + e.getMessage(), e);
        }
        // Atelier writes whole lines, atomically: a last line without its line end was cut, and its
        // fields may still parse (rows may have 10 to 12), so a resident_mb of "6" read as good data.
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new UserException(file(HISTORY) + " is cut short: its last line has no line end");
        }
        List<String> lines = text.lines().toList();
        List<EpochRecord> history = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                history.add(EpochRecord.fromCsv(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new UserException(file(HISTORY) + " is damaged at line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return history;
    }

    /** Writes history.csv, replacing the old one in one move. */
    public void writeHistory(List<EpochRecord> history) {
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        history.forEach(r -> csv.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(file(HISTORY), csv.toString());
    }

    /** The parameters to use for evaluation and prediction: the best epoch's, else the last. */
    public Path parametersForInference() {
        if (has(BEST_PARAMS)) {
            return file(BEST_PARAMS);
        }
        if (has(LAST_PARAMS)) {
            return file(LAST_PARAMS);
        }
        throw new UserException(root + ": the run has no saved parameters yet (no " + BEST_PARAMS + ")");
    }
}
