package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.atelier.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMetricsTest {
    @TempDir
    Path tmp;

    /** metrics.json carries the training's compute, worked by hand, and reads back as it was written. */
    @Test
    void trainTflopIsThreeForwardPassesPerImageSeen() throws Exception {
        // 3 x 1,000,000 FLOP x 48,000 images x 10 epochs = 1.44e12 FLOP
        RunMetrics m = RunMetrics.ofTraining("baseline", 0.91, 0.25, 0.95, 9, 10, false, 48_000, 225_034, 1_000_000, 60, 8000, 0, 1e-3);
        assertEquals(1.44, m.trainTflop(), 1e-12);
        RunDirectory run = new RunDirectory(tmp);
        run.writeMetrics(m);
        assertEquals(1.44, Json.MAPPER.readTree(run.file(RunDirectory.METRICS).toFile()).get("train_tflop").asDouble(), 1e-12);
        assertEquals(m, run.metrics().orElseThrow());
    }

    /** The test evaluation's compute: a forward pass per image and view, worked by hand; absent before an evaluation. */
    @Test
    void evalTflopCountsEveryTestTimeView() throws Exception {
        RunMetrics trained = RunMetrics.ofTraining("fastnet", 0.93, 0.2, 0.95, 18, 18, false, 60_000, 1_167_434, 60_000_000, 60,
                8000, 0, 1e-5);
        RunDirectory run = new RunDirectory(tmp);
        run.writeMetrics(trained);
        assertEquals(false, Json.MAPPER.readTree(run.file(RunDirectory.METRICS).toFile()).has("eval_tflop"));
        // 60,000,000 FLOP x 10,000 images x 10 views (shift-flip) = 6e12 FLOP; one view alone 0.6
        RunMetrics tenViews = trained.withTest(0.94, "shift-flip", 0.945, 10_000, 10);
        assertEquals(6.0, tenViews.evalTflop(), 1e-12);
        assertEquals(0.6, trained.withTest(0.94, "none", 0.94, 10_000, 1).evalTflop(), 1e-12);
        run.writeMetrics(tenViews);
        assertEquals(6.0, Json.MAPPER.readTree(run.file(RunDirectory.METRICS).toFile()).get("eval_tflop").asDouble(), 1e-12);
        assertEquals(tenViews, run.metrics().orElseThrow());
    }
}
