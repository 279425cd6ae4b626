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
}
