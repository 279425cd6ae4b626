package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.run.RunDirectory;
import org.atelier.testing.RunFolders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeTableTest {
    @TempDir
    Path tmp;

    /** A published run: config.json with its seed, metrics.json with the figures the table reads. */
    private void run(Path dir, long seed, String model, double test, String tta, double testTta, double seconds) throws Exception {
        RunDirectory run = RunFolders.withHistory(dir, TrainConfig.defaults().toBuilder().set(TrainSettings.SEED, seed)
                .set(TrainSettings.MODEL, model).build(), List.of());
        Map<String, Object> m = new HashMap<>(Map.of("model", model, "train_accuracy", 0.99, "best_epoch", 18, "epochs_run", 18,
                "stopped_early", false, "train_images", 60_000, "params", 1, "flops_per_image", 50_000_000L,
                "train_seconds", seconds, "train_images_per_second", 1000.0));
        m.putAll(Map.of("loader_wait_seconds", 0.0, "final_learning_rate", 0.0));
        if (test >= 0) {
            m.putAll(Map.of("test_accuracy", test, "tta", tta, "test_accuracy_tta", testTta));
        }
        RunFolders.mergeMetrics(run, m);
    }

    /**
     * fast: seeds 2 and 1 (listed by seed), 94.00% and 95.00% (mean 94.50%), flip views 94.50% and 95.50%
     * (mean 95.00%); 3 x 5e7 FLOPs x 60,000 images x 18 epochs = 162 TFLOP; 600 s and 1,200 s, 15 min.
     * A folder of no evaluated run (the search, an unfinished run) is no row, and best comes after fast.
     */
    @Test
    void aRowPerRecipeWithTheMeanAndRangeOverItsRuns() throws Exception {
        run(tmp.resolve("fast/seed-2"), 2, "fastnet", 0.94, "flip", 0.945, 600);
        run(tmp.resolve("fast/seed-1"), 1, "fastnet", 0.95, "flip", 0.955, 1200);
        run(tmp.resolve("fast/unfinished"), 3, "fastnet", -1, null, 0, 60);
        Files.createDirectories(tmp.resolve("fast/search"));
        run(tmp.resolve("best/seed-7"), 7, "fastnet-wide", 0.9612, "none", 0.9612, 3000);
        Files.createDirectories(tmp.resolve("empty"));

        assertEquals(RecipeTable.HEADER
                        + "| fast | fastnet | 18 | 2 (1, 2) | 94.50% (94.00% - 95.00%) | 95.00% (flip) | 162 at most | 15 min |\n"
                        + "| best | fastnet-wide | 18 | 1 (7) | 96.12% (96.12% - 96.12%) | - | 162 | 50 min |\n",
                RecipeTable.markdown(tmp));
    }

    /** The README's recipe table is the published runs' own, so it cannot drift from them. */
    @Test
    void theReadmesTableIsMadeFromTheRecipesPublishedRuns() throws Exception {
        Path results = Path.of("results", "recipes");
        Assumptions.assumeTrue(Files.isDirectory(results), "no published recipes");
        String readme = Files.readString(Path.of("README.md"));
        String table = RecipeTable.markdown(results);
        assertTrue(readme.contains(table), "README.md should hold `./atelier recipes`'s table:\n" + table);
    }
}
