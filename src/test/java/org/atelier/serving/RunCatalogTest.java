package org.atelier.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.RunFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs page's files: only a run's own files are served, never what a symlink in its folder points at. */
class RunCatalogTest {
    @TempDir
    Path tmp;

    private RunDirectory run(String name) throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve("runs").resolve(name), TrainConfig.defaults(),
                List.of(new EpochRecord(1, 0.5, 0.8, 0.4, 0.8, 1e-3, 10, 100, 0, 0, 0.5, 2)));
        RunFolders.mergeMetrics(run, Map.of("val_accuracy", 0.8));
        return run;
    }

    @Test
    void aSymlinkOutOfTheRunFolderIsNotServed() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "root:x:0:0");
        RunDirectory linked = run("linked");
        Files.createSymbolicLink(linked.file(RunDirectory.REPORT), secret);
        Files.createSymbolicLink(linked.file(RunDirectory.CURVES), Path.of("/etc/passwd"));
        RunDirectory own = run("own");
        Files.writeString(own.file(RunDirectory.REPORT), "<p>its own page</p>");
        RunCatalog catalog = new RunCatalog(tmp.resolve("runs"));

        assertEquals(404, assertThrows(HttpError.class, () -> catalog.file("linked", RunDirectory.REPORT)).status);
        assertEquals(404, assertThrows(HttpError.class, () -> catalog.file("linked", RunDirectory.CURVES)).status);
        assertArrayEquals("<p>its own page</p>".getBytes(), catalog.file("own", RunDirectory.REPORT));
    }

    /** A config.json that reads just `null` names its run as unreadable; the other runs are still listed. */
    @Test
    void aRunWhoseConfigIsNullIsListedAsUnreadableBesideTheOthers() throws Exception {
        run("good");
        Files.writeString(run("empty").file(RunDirectory.CONFIG), "null");

        ArrayNode rows = new RunCatalog(tmp.resolve("runs")).list();

        assertEquals(2, rows.size(), rows.toString());
        assertEquals("empty", rows.get(0).get("id").asText());
        assertTrue(rows.get(0).get("error").asText().contains("config.json"), rows.toString());
        assertEquals("good", rows.get(1).get("id").asText());
        assertTrue(rows.get(1).has("settings"), rows.toString());
    }
}
