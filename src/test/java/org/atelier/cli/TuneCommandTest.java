package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestData;
import org.atelier.tune.TuneFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `atelier tune` and `atelier train --config` as a user types them. */
class TuneCommandTest {
    @TempDir
    Path tmp;

    private Path space() throws Exception {
        return Files.writeString(tmp.resolve("space.yaml"), "fixed: {model: baseline, train-limit: 500, validation-limit: 200, "
                + "data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {loguniform: [0.0005, 0.01]}\n");
    }

    @Test
    void aDryRunPrintsTheRungsAndEachTrialsDraw() throws Exception {
        DataCommandTest.Result r = DataCommandTest.run("tune", space().toString(), "--dry-run", "--trials", "2", "--seed", "3");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("rungs at [1, 3, 9] epochs; up to 2 trials", lines[0]);
        assertEquals("note: with 2 trials and --reduction-factor 3 no trial gets past 1 epochs (the full 9 takes at least 9 trials)",
                lines[1]);
        assertTrue(lines[2].matches("trial-001  lr=[0-9.e-]+"), lines[2]);
        assertTrue(lines[3].matches("trial-002  lr=[0-9.e-]+"), lines[3]);
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path space = space();
        DataCommandTest.Result metric = DataCommandTest.run("tune", space.toString(), "--metric", "acc", "--dry-run");
        assertEquals(2, metric.exitCode());
        assertTrue(metric.err().startsWith("atelier: Invalid value for option '--metric': must be one of val_loss, val_accuracy, "
                + "got acc"), metric.err());
        DataCommandTest.Result grace = DataCommandTest.run("tune", space.toString(), "--grace-epochs", "12", "--dry-run");
        assertEquals("atelier: --grace-epochs must be from 1 to --max-epochs (9), got 12", grace.err().strip());
        Path withEpochs = Files.writeString(tmp.resolve("e.yaml"), "fixed: {epochs: 5}\nsearch: {lr: {uniform: [0.001, 0.01]}}\n");
        DataCommandTest.Result epochs = DataCommandTest.run("tune", withEpochs.toString(), "--dry-run");
        assertEquals("atelier: search space " + withEpochs + ": a trial's full length is tune's --max-epochs, not a setting of "
                + "the space", epochs.err().strip());
        Path noSplit = Files.writeString(tmp.resolve("v.yaml"), "fixed: {validation-fraction: 0, data: '" + TestData.dataDir()
                + "'}\nsearch: {lr: {uniform: [0.001, 0.01]}}\n");
        Path trailing = Files.writeString(tmp.resolve("t.json"), "{\"search\": {\"lr\": {\"uniform\": [0.001, 0.01]}}} {}\n");
        assertEquals("atelier: search space " + trailing + " holds more after its end (from line 1); give one object",
                DataCommandTest.run("tune", trailing.toString(), "--dry-run").err().strip());
        Path twoDocs = Files.writeString(tmp.resolve("two.yaml"), "search: {lr: {uniform: [0.001, 0.01]}}\n---\nfixed: {}\n");
        assertEquals("atelier: search space " + twoDocs + " holds more after its first document (a second, from line 3); give "
                + "one document", DataCommandTest.run("tune", twoDocs.toString(), "--dry-run").err().strip());
        DataCommandTest.Result split = DataCommandTest.run("tune", noSplit.toString(), "--dry-run");
        assertEquals("atelier: tune ranks trials on the validation split, and validation-fraction 0 leaves none", split.err().strip());
    }

    /** A search's best.yaml trains with train --config; an option on the command line wins over the file's. */
    @Test
    @Tag("slow")
    void theBestTrialTrainsAgainFromBestYaml() throws Exception {
        Path out = tmp.resolve("search");
        DataCommandTest.Result tune = DataCommandTest.run("tune", space().toString(), "--out", out.toString(), "--trials", "3",
                "--max-epochs", "2", "--reduction-factor", "2");
        assertEquals(0, tune.exitCode(), tune.err());
        assertTrue(tune.out().contains("best: trial "), tune.out());
        Path best = out.resolve(TuneFolder.BEST);
        String yaml = Files.readString(best);
        assertTrue(yaml.contains("\nmodel: baseline\n") && yaml.contains("\nepochs: 2\n") && yaml.contains("\nseed: 42\n"), yaml);

        Path run = tmp.resolve("again");
        DataCommandTest.Result train = DataCommandTest.run("train", "--config", best.toString(), "--epochs", "1", "--run-dir",
                run.toString());
        assertEquals(0, train.exitCode(), train.err());
        RunDirectory again = new RunDirectory(run);
        assertEquals(1, again.config().epochs(), "--epochs on the command line wins over the file's 2");
        assertEquals("baseline", again.config().model());
        assertEquals(500, again.config().trainLimit());

        // the same search again has nothing left to do, and says where its results are
        DataCommandTest.Result rerun = DataCommandTest.run("tune", space().toString(), "--out", out.toString(), "--trials", "3",
                "--max-epochs", "2", "--reduction-factor", "2");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(!rerun.out().contains("trains"), rerun.out());
    }

    /**
     * SIGKILL mid-search, then the same command again: the search ends as an uninterrupted one of the
     * same space and seed does, event for event and figure for figure, each trial trained to its rung once.
     */
    @Test
    @Tag("slow")
    void aSearchKilledMidWayGoesOnWhereItWas() throws Exception {
        Path space = Files.writeString(tmp.resolve("eight.yaml"), "fixed: {model: baseline, train-limit: 2000, validation-limit: "
                + "500, data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {loguniform: [0.0003, 0.01]}\n"
                + "  batch-size: {choice: [32, 64, 128]}\n");
        List<String> options = List.of("--trials", "8", "--max-epochs", "3", "--reduction-factor", "2", "--seed", "5");
        Path whole = tmp.resolve("whole");
        List<String> wholeArgs = new java.util.ArrayList<>(List.of("tune", space.toString(), "--out", whole.toString()));
        wholeArgs.addAll(options);
        assertEquals(0, DataCommandTest.run(wholeArgs.toArray(String[]::new)).exitCode());

        Path killed = tmp.resolve("killed");
        List<String> args = new java.util.ArrayList<>(List.of("tune", space.toString(), "--out", killed.toString()));
        args.addAll(options);
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), AtelierCli.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        Path events = killed.resolve(TuneFolder.EVENTS);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(events) || Files.readAllLines(events).size() < 7)) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "killed part-way, not after the end: " + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly();
        p.waitFor();
        int before = Files.readAllLines(events).size();
        assertTrue(before < Files.readAllLines(whole.resolve(TuneFolder.EVENTS)).size(), "the search was cut short");

        DataCommandTest.Result again = DataCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(Files.readAllLines(whole.resolve(TuneFolder.EVENTS)), Files.readAllLines(events));
        assertEquals(Files.readString(whole.resolve(TuneFolder.LEADERBOARD_CSV)), Files.readString(killed.resolve(TuneFolder.LEADERBOARD_CSV)));
        assertEquals(Files.readString(whole.resolve(TuneFolder.BEST)).replace(whole.toString(), "DIR"),
                Files.readString(killed.resolve(TuneFolder.BEST)).replace(killed.toString(), "DIR"));
    }

    /**
     * --parallel 2: segments in child processes; a trial whose learning rate makes the loss NaN is
     * recorded as failed (its child's exit code says so) and the search goes on without promoting it.
     */
    @Test
    @Tag("slow")
    void inParallelADivergedTrialFailsAndTheSearchGoesOn() throws Exception {
        Path space = Files.writeString(tmp.resolve("wild.yaml"), "fixed: {model: baseline, train-limit: 500, validation-limit: "
                + "200, optimizer: sgd, data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {choice: [0.002, 1e30]}\n");
        Path out = tmp.resolve("wild");
        DataCommandTest.Result r = DataCommandTest.run("tune", space.toString(), "--out", out.toString(), "--trials", "4",
                "--max-epochs", "2", "--reduction-factor", "2", "--parallel", "2");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("2 trial segments at a time, each in its own process with 1 thread"), r.out());
        List<String> events = Files.readAllLines(out.resolve(TuneFolder.EVENTS));
        List<String> failed = events.stream().filter(e -> e.contains("\"failed\"")).toList();
        assertTrue(!failed.isEmpty(), "some trial drew lr=1e30: " + events);
        for (String f : failed) {
            assertTrue(f.contains("training diverged"), f);
            String trial = f.replaceAll(".*\"trial\":(\\d+).*", "$1");
            assertTrue(events.stream().noneMatch(e -> e.contains("\"promoted\",\"trial\":" + trial + ",")), "a failed trial is "
                    + "never promoted: " + events);
        }
        String csv = Files.readString(out.resolve(TuneFolder.LEADERBOARD_CSV));
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().contains(",0.002,"), "a trial that trained ranks first: " + csv);
        assertTrue(csv.contains("failed: training diverged"), csv);
        assertTrue(Files.readString(out.resolve(TuneFolder.TRIALS).resolve("trial-001.log")).contains("epoch"));
    }

    @Test
    void testBestNeedsATrialThatCanReachTheFullLength() throws Exception {
        DataCommandTest.Result r = DataCommandTest.run("tune", space().toString(), "--trials", "8", "--test-best", "--dry-run");
        assertEquals(1, r.exitCode());
        assertEquals("atelier: --test-best evaluates the best trial trained to its full length, but with 8 trials and "
                + "--reduction-factor 3 no trial gets past 3 epochs (the full 9 takes at least 9 trials)", r.err().strip());
        DataCommandTest.Result note = DataCommandTest.run("tune", space().toString(), "--trials", "2", "--dry-run");
        assertTrue(note.out().contains("note: with 2 trials and --reduction-factor 3 no trial gets past 1 epochs"), note.out());
    }

    @Test
    void aBadSettingsFileIsOneLine() throws Exception {
        Path twice = Files.writeString(tmp.resolve("twice.yaml"), "lr: 0.002\nlearning-rate: 0.001\n");
        assertEquals("atelier: settings file " + twice + ": 'lr' and 'learning-rate' name the same setting; give it once",
                DataCommandTest.run("train", "--config", twice.toString()).err().strip());
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "epochs: -1\n");
        assertEquals("atelier: 'epochs' in " + bad + " must be at least 1, got -1",
                DataCommandTest.run("train", "--config", bad.toString()).err().strip());
        Path list = Files.writeString(tmp.resolve("list.yaml"), "- lr\n");
        assertEquals("atelier: settings file " + list + " must map train's options to values, e.g. {model: fastnet, lr: 0.002}",
                DataCommandTest.run("train", "--config", list.toString()).err().strip());
    }
}
