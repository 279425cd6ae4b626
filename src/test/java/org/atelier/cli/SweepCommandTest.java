package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestData;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `atelier sweep` with the local runner, on real data: 2 configurations x 2 seeds on 2,000 images for 1 epoch. */
@Tag("slow")
class SweepCommandTest {
    @TempDir
    Path tmp;

    private static final List<String> SMALL = List.of("--fix", "epochs=1", "--fix", "train-limit=2000", "--fix",
            "validation-limit=500");

    private DataCommandTest.Result sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--vary", "lr=0.001,0.002", "--seeds", "1,2", "--out", out.toString(),
                "--fix", "data=" + TestData.dataDir()));
        args.addAll(SMALL);
        args.addAll(List.of(more));
        return DataCommandTest.run(args.toArray(String[]::new));
    }

    private static List<Path> runFolders(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aGridTrainsEachSpecOnceSummarisesOverSeedsAndSkipsFinishedRunsAfterwards() throws Exception {
        Path out = tmp.resolve("sweep");
        DataCommandTest.Result r = sweep(out);

        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("sweep of 4 runs (2 configurations x 2 seeds)"), r.out());
        List<Path> runs = runFolders(out);
        assertEquals(4, runs.size(), runs.toString());
        for (Path run : runs) {
            assertTrue(run.getFileName().toString().matches("baseline-[0-9a-f]{8}-s[12]"), run.toString());
            assertTrue(new RunDirectory(run).has(RunDirectory.EVALUATION), run + " finished and evaluated");
        }

        // The summary's mean and standard deviation are those of the runs' own figures.
        List<String> summary = Files.readAllLines(out.resolve(ComparisonReport.SUMMARY_CSV));
        assertEquals(3, summary.size(), String.join("\n", summary));
        for (String line : summary.subList(1, 3)) {
            String[] f = line.split(",");
            double[] test = runs.stream().filter(p -> p.getFileName().toString().startsWith(f[0] + "-s"))
                    .mapToDouble(p -> Json.read(p.resolve(RunDirectory.METRICS), ObjectNode.class).get("test_accuracy").asDouble())
                    .toArray();
            assertEquals(2, test.length, line);
            double mean = (test[0] + test[1]) / 2;
            double std = Math.abs(test[0] - test[1]) / Math.sqrt(2);
            assertEquals(String.format(java.util.Locale.ROOT, "%.4f", mean), f[5], line);
            assertEquals(String.format(java.util.Locale.ROOT, "%.4f", std), f[6], line);
        }
        assertTrue(summary.get(1).contains("\"lr=0.001\"") && summary.get(2).contains("\"lr=0.002\""), summary.toString());
        assertTrue(Files.readString(out.resolve(ComparisonReport.HTML)).contains("Per configuration, over seeds"));

        // The same command again trains nothing.
        long before = Files.getLastModifiedTime(runs.get(0).resolve(RunDirectory.HISTORY)).toMillis();
        DataCommandTest.Result again = sweep(out);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(4, again.out().lines().filter(l -> l.endsWith(": done already")).count(), again.out());
        assertEquals(before, Files.getLastModifiedTime(runs.get(0).resolve(RunDirectory.HISTORY)).toMillis());

        // A run is the training `train` makes of the same options: the same history, epoch for epoch.
        Path seed2 = runs.stream().filter(p -> p.toString().endsWith("-s2")).findFirst().orElseThrow();
        String lr = Json.read(seed2.resolve(RunDirectory.CONFIG), ObjectNode.class).get("learningRate").asText();
        Path single = tmp.resolve("single");
        DataCommandTest.Result train = DataCommandTest.run("train", "--lr", lr, "--seed", "2", "--epochs", "1", "--train-limit",
                "2000", "--validation-limit", "500", "--data", TestData.dataDir().toString(), "--run-dir", single.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(learning(single), learning(seed2));
    }

    /** The columns of history.csv that do not depend on timing. */
    private static List<String> learning(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.HISTORY)).stream().map(l -> {
            String[] f = l.split(",");
            return String.join(",", f[0], f[1], f[2], f[3], f[4], f[5]);
        }).toList();
    }

    /** A run left unfinished under its own name (as studies trained before .partial/) is taken over and finished. */
    @Test
    void anUnfinishedRunInPlaceIsAdoptedAndFinished() throws Exception {
        Path out = tmp.resolve("sweep");
        assertEquals(0, DataCommandTest.run("sweep", "--seeds", "3", "--out", out.toString(), "--fix", "data=" + TestData.dataDir(),
                "--fix", "epochs=1", "--fix", "train-limit=1000", "--fix", "validation-limit=200").exitCode());
        Path run = runFolders(out).get(0);
        Files.delete(run.resolve(RunDirectory.EVALUATION));

        DataCommandTest.Result r = DataCommandTest.run("sweep", "--seeds", "3", "--out", out.toString(), "--fix",
                "data=" + TestData.dataDir(), "--fix", "epochs=1", "--fix", "train-limit=1000", "--fix", "validation-limit=200");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("moved the unfinished " + run + " to " + out.resolve(".partial").resolve(run.getFileName())),
                r.out());
        assertTrue(new RunDirectory(run).has(RunDirectory.EVALUATION), "evaluated and back under its name");
        assertFalse(Files.exists(out.resolve(".partial").resolve(run.getFileName())));
    }

    @Test
    void badSweepsAreOneLineErrors() {
        DataCommandTest.Result unknown = DataCommandTest.run("sweep", "--vary", "speed=1,2", "--dry-run");
        assertEquals(1, unknown.exitCode());
        assertEquals("atelier: 'speed' in --fix/--vary is not a training setting; see ./atelier train --help (settings are "
                + "named as its options, without dashes)", unknown.err().strip());
        DataCommandTest.Result switchValue = DataCommandTest.run("sweep", "--fix", "flip=maybe", "--dry-run");
        assertEquals("atelier: 'flip' in --fix/--vary: 'maybe' is not on or off (or true or false)", switchValue.err().strip());
        DataCommandTest.Result badValue = DataCommandTest.run("sweep", "--vary", "epochs=2,zero", "--dry-run");
        assertEquals(1, badValue.exitCode());
        assertEquals("atelier: 'epochs' in --fix/--vary: 'zero' is not a whole number", badValue.err().strip());
        DataCommandTest.Result outOfRange = DataCommandTest.run("sweep", "--vary", "epochs=2,0", "--dry-run");
        assertEquals("atelier: 'epochs' in --fix/--vary must be at least 1, got 0", outOfRange.err().strip());
        DataCommandTest.Result same = DataCommandTest.run("sweep", "--vary", "epochs=2,2", "--dry-run");
        assertTrue(same.err().contains("two combinations of the grid make the same training"), same.err());
        DataCommandTest.Result seed = DataCommandTest.run("sweep", "--fix", "seed=3", "--dry-run");
        assertEquals("atelier: sweep: give seeds as 'seeds' (--seeds), not as an option", seed.err().strip());
    }
}
