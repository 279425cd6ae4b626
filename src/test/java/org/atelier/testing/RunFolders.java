package org.atelier.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.atelier.run.RunMetrics;
import org.atelier.util.Json;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;

/** Run folders holding only small files, as published runs do, for tests of what reads them. */
public final class RunFolders {
    private RunFolders() {}

    /**
     * Adds or replaces figures of the run's metrics.json, by the file's own keys, as a run written by
     * some version of Atelier may hold them; the result is read back through {@link RunMetrics}.
     */
    public static void mergeMetrics(RunDirectory run, Map<String, ?> entries) {
        ObjectNode merged = run.metrics().<ObjectNode>map(Json.MAPPER::valueToTree).orElseGet(Json.MAPPER::createObjectNode);
        entries.forEach((k, v) -> merged.set(k, Json.MAPPER.valueToTree(v)));
        run.writeMetrics(Json.MAPPER.convertValue(merged, RunMetrics.class));
    }

    /** A run folder at {@code dir} with {@code config} and the epochs of {@code history} recorded. */
    public static RunDirectory withHistory(Path dir, TrainConfig config, List<EpochRecord> history) throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Files.createDirectories(dir);
        run.writeConfig(config);
        run.writeHistory(history);
        return run;
    }
}
