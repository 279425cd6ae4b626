package org.atelier.tune;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * A tuning search's folder: {@code tune.json} (the space and the search's settings, written once),
 * {@code events.jsonl} (what happened, one event a line, appended and flushed to disk as it
 * happens), one run folder per trial under {@code trials/}, and the leaderboard and best
 * configuration written from them. Running the same search on the folder again goes on from the
 * events; another search on it is refused, naming what differs.
 */
public final class TuneFolder {
    public static final String SEARCH = "tune.json";
    public static final String EVENTS = "events.jsonl";
    public static final String TRIALS = "trials";
    public static final String LEADERBOARD_CSV = "leaderboard.csv";
    public static final String LEADERBOARD_HTML = "leaderboard.html";
    public static final String BEST = "best.yaml";
    public static final String CURVES = "tune-curves.png";

    /** One event a line: the shared mapper indents. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ONE_LINE = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private TuneFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The run folder of trial {@code trial}: trials/trial-007. */
    public RunDirectory trial(int trial) {
        return new RunDirectory(dir.resolve(TRIALS).resolve(trialName(trial)));
    }

    public static String trialName(int trial) {
        return String.format(Locale.ROOT, "trial-%03d", trial);
    }

    /** Held while a process runs the search: released by the system when the process ends, SIGKILL included. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    /** Takes the search for this process: a second tuner on the same folder is refused rather than training beside it. */
    public Lock lock() {
        try {
            FileChannel channel = FileChannel.open(dir.resolve("tune.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock held;
            try {
                held = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
                // left open: closing any channel to the file would release this process's other lock on it
                throw busy();
            }
            if (held == null) {
                channel.close();
                throw busy();
            }
            return new Lock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    private UserException busy() {
        return new UserException(dir + " is being tuned by another atelier process; wait for it to finish, or give another --out");
    }

    /** Whether {@code dir} holds a tuning search. */
    public static boolean isTuneFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(SEARCH));
    }

    /**
     * The folder of the search {@code space} with {@code settings} at {@code dir}: created when it does
     * not exist (or is empty); taken as it is when it records the same search; refused when it records
     * another (naming the differences) or holds something else.
     */
    public static TuneFolder open(Path dir, SearchSpace space, TuneSettings settings) {
        ObjectNode wanted = describe(space, settings);
        Path file = dir.resolve(SEARCH);
        if (Files.isRegularFile(file)) {
            JsonNode recorded = readSearch(file);
            List<String> differences = new ArrayList<>();
            differences(recorded, wanted, "", differences);
            if (!differences.isEmpty()) {
                throw new UserException(dir + " holds another search (" + String.join("; ", differences) + "); give the same "
                        + "space and options to go on with it, or another --out for a new search");
            }
            return new TuneFolder(dir);
        }
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new UserException(dir + (Files.isDirectory(dir) ? " is not empty and holds no tuning search (" + SEARCH + ")"
                    : " is a file") + "; give an empty or new folder as --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("cannot create " + dir + ": " + e.getMessage());
        }
        AtomicFiles.writeString(file, wanted.toPrettyString() + "\n");
        return new TuneFolder(dir);
    }

    /**
     * The search recorded at {@code dir}: what a process that trains one of its trials' segments (a
     * child process, a Spark task) reads, rather than being told the space again.
     */
    public static Recorded recorded(Path dir) {
        Path file = dir.resolve(SEARCH);
        if (!Files.isRegularFile(file)) {
            throw new UserException(dir + " holds no tuning search (" + SEARCH + ")");
        }
        JsonNode root = readSearch(file);
        JsonNode s = root.path("settings");
        TuneSettings settings = new TuneSettings(s.path("trials").asInt(), s.path("max-epochs").asInt(),
                s.path("grace-epochs").asInt(), s.path("reduction-factor").asInt(),
                org.atelier.config.Monitor.byId(s.path("metric").asText()), s.path("seed").asLong());
        return new Recorded(new TuneFolder(dir), SearchSpace.of(root.path("space"), file), settings);
    }

    /** A tuning folder with the search it records. */
    public record Recorded(TuneFolder folder, SearchSpace space, TuneSettings settings) {}

    /** What tune.json holds: the space and the settings that decide which trials train how. */
    static ObjectNode describe(SearchSpace space, TuneSettings settings) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("space", space.toJson());
        ObjectNode s = root.putObject("settings");
        s.put("trials", settings.trials());
        s.put("max-epochs", settings.maxEpochs());
        s.put("grace-epochs", settings.graceEpochs());
        s.put("reduction-factor", settings.reductionFactor());
        s.put("metric", settings.metric().id());
        s.put("seed", settings.seed());
        return root;
    }

    private static JsonNode readSearch(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new UserException(file + ": not valid JSON: " + Json.problem(e) + "; restore it, or tune into another --out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each leaf that differs, "--trials 8 (now 12)" or "space.search.lr removed", named by its path. */
    private static void differences(JsonNode was, JsonNode now, String path, List<String> out) {
        if (was.isObject() && now.isObject()) {
            for (Iterator<String> it = was.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!now.has(key)) {
                    out.add(name(path + key) + " " + shown(was.get(key)) + " (now not given)");
                } else {
                    differences(was.get(key), now.get(key), path + key + ".", out);
                }
            }
            for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!was.has(key)) {
                    out.add(name(path + key) + " not given before (now " + shown(now.get(key)) + ")");
                }
            }
        } else if (!was.equals(now) && !(was.isValueNode() && now.isValueNode() && was.asText().equals(now.asText()))) {
            // (as read back, a seed of 7 is an int node; as written, a long one)
            out.add(name(path.substring(0, path.length() - 1)) + " " + shown(was) + " (now " + shown(now) + ")");
        }
    }

    private static String name(String path) {
        return path.startsWith("settings.") ? "--" + path.substring("settings.".length()) : path.replaceFirst("^space\\.", "");
    }

    private static String shown(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return "[" + String.join(", ", items) + "]";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events so far. A last line cut off by a crash while it was written is dropped (its event
     * happens again); a damaged line before the last is refused, naming it.
     */
    public List<TuneEvent> events() {
        Path file = dir.resolve(EVENTS);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines = text.lines().toList();
        List<TuneEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            if (last && !text.endsWith("\n")) {
                // cut by a crash while it was written (even where what is there parses): the next append removes it
                break;
            }
            try {
                TuneEvent e = Json.MAPPER.readValue(lines.get(i), TuneEvent.class);
                if (e.event() == null) {
                    throw new UserException(file + " line " + (i + 1) + " has no event");
                }
                events.add(e);
            } catch (JacksonException e) {
                throw new UserException(file + " line " + (i + 1) + " is damaged (" + Json.problem(e)
                        + "); restore it, or tune into another --out");
            }
        }
        return events;
    }

    /**
     * Appends {@code event} and forces it to disk before returning: a crash after this keeps it. A
     * line cut off by an earlier crash is removed first (its event is to happen again).
     */
    public void append(TuneEvent event) {
        Path file = dir.resolve(EVENTS);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            channel.truncate(endOfLastLine(channel));
            channel.write(ByteBuffer.wrap((ONE_LINE.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8)),
                    channel.size());
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The size of the file up to and with its last newline. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long at = channel.size() - 1; at >= 0; at--) {
            one.clear();
            channel.read(one, at);
            if (one.get(0) == '\n') {
                return at + 1;
            }
        }
        return 0;
    }
}
