package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.atelier.config.OptimizerKind;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trains on any thread, as a tuning search's pool or a Spark task trains it: PyTorch's autograd
 * recording is per thread and on by default, and SGD's in-place update was refused there.
 */
class TrainingOnAnotherThreadTest {
    @TempDir
    Path tmp;

    @Test
    void sgdTrainsOnAThreadOfItsOwn() throws Exception {
        TrainConfig config = TestRuns.smallBaseline(1).toBuilder().set(TrainSettings.OPTIMIZER, OptimizerKind.SGD)
                .limits(600, 200).build();
        // the engine started here, as in a process whose main thread has used it (it turns recording off on this thread only)
        ai.djl.engine.Engine.getInstance();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<TrainingResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(new TrainingRun(config, new RunDirectory(tmp.resolve("run")), ProgressListener.SILENT)
                        .train(TestRuns.data(), false));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        assertNull(failure.get(), () -> "trained on another thread: " + failure.get());
        assertEquals(1, result.get().history().size());
    }
}
