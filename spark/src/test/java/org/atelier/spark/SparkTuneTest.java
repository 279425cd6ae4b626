package org.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.tune.TuneFolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tune --runner spark` in local mode against the in-process runner: the same space and seed, and
 * segments finishing in the same order (local mode runs one training at a time, with all the
 * master's cores, as the in-process runner does with its 2 threads), reach the same decisions.
 */
@Tag("slow")
class SparkTuneTest {
    @TempDir
    Path tmp;

    private SparkSweepTest.Result tune(Path space, Path out, String... runner) {
        List<String> args = new java.util.ArrayList<>(List.of("tune", space.toString(), "--out", out.toString(), "--trials", "5",
                "--max-epochs", "3", "--reduction-factor", "2", "--seed", "11"));
        args.addAll(List.of(runner));
        return SparkSweepTest.atelier(args.toArray(String[]::new));
    }

    @Test
    void sparkAndTheInProcessRunnerReachTheSameDecisions() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SparkSweepTest.DATA), "needs Debian's dataset-fashion-mnist");
        Path space = Files.writeString(tmp.resolve("space.yaml"), "fixed: {model: baseline, train-limit: 1500, validation-limit: "
                + "500, data: '" + SparkSweepTest.DATA + "'}\nsearch:\n  lr: {loguniform: [0.0003, 0.01]}\n");
        Path onSpark = tmp.resolve("spark");
        SparkSweepTest.Result spark = tune(space, onSpark, "--runner", "spark", "--master", "local[2]");
        assertEquals(0, spark.exitCode(), spark.err() + spark.out());
        assertTrue(spark.out().contains("trial segments on Spark (master local[2]), 1 at a time, 2 cores each"), spark.out());
        Path here = tmp.resolve("here");
        SparkSweepTest.Result local = tune(space, here);
        assertEquals(0, local.exitCode(), local.err());

        assertEquals(Files.readAllLines(here.resolve(TuneFolder.EVENTS)), Files.readAllLines(onSpark.resolve(TuneFolder.EVENTS)),
                "the same starts, promotions and figures, in the same order");
        assertEquals(Files.readString(here.resolve(TuneFolder.LEADERBOARD_CSV)), Files.readString(onSpark.resolve(TuneFolder.LEADERBOARD_CSV)));
        assertTrue(Files.readString(onSpark.resolve(TuneFolder.TRIALS).resolve("trial-001.log")).contains("trial 1 to epoch 1: task on "));
    }

    @Test
    void parallelIsTheLocalRunnersOption() throws Exception {
        Path space = Files.writeString(tmp.resolve("s.yaml"), "search: {lr: {uniform: [0.001, 0.01]}}\n");
        SparkSweepTest.Result r = tune(space, tmp.resolve("x"), "--runner", "spark", "--parallel", "2");
        assertEquals(1, r.exitCode());
        assertEquals("atelier: --parallel is the local runner's; with --runner spark the cluster's executors decide how many "
                + "trials train at once", r.err().strip());
    }
}
