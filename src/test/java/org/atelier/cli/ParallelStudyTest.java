package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.LocalRunner;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class ParallelStudyTest {
    @TempDir
    Path tmp;

    @Test
    void coresAreSharedOutAtLeastOneEach() {
        assertEquals(1, org.atelier.sweep.ChildProcesses.threadsEach(2, 2));
        assertEquals(2, org.atelier.sweep.ChildProcesses.threadsEach(8, 4));
        assertEquals(1, org.atelier.sweep.ChildProcesses.threadsEach(2, 3));
    }

    /** An experiment runs in its own JVM with its share of the threads, logs beside its run, and the parent compares. */
    @Test
    void experimentsRunInTheirOwnProcesses() throws Exception {
        Path out = tmp.resolve("study");
        DataCommandTest.Result r = DataCommandTest.run("study", "--quick", "--only", "baseline", "--parallel", "2", "--out",
                out.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("1 run in 2 processes at a time, 1 thread each"), r.out());
        assertTrue(r.out().contains("baseline: finished"), r.out());
        assertFalse(r.out().contains("test accuracy"), "the parent only compares: " + r.out());
        RunDirectory run = new RunDirectory(out.resolve("baseline"));
        assertTrue(run.has(RunDirectory.EVALUATION));
        assertEquals(1, run.provenance().threads(), "the process trained with its share of the threads");
        assertTrue(Files.readString(out.resolve("baseline.log")).contains("baseline: test accuracy"));
        assertTrue(Files.isRegularFile(out.resolve("comparison.csv")));
    }

    /**
     * SIGTERM to the parent (or Ctrl-C, which the terminal sends the children too): the children
     * are stopped with it, each saving its run, not left training with their runs locked.
     */
    @Test
    void stoppingTheParentStopsEachChildAfterItSaves() throws Exception {
        Path out = tmp.resolve("study");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), AtelierCli.class.getName(),
                "study", "--quick", "--only", "cnn4b,cnn4b-class-weights", "--parallel", "2", "--out", out.toString(),
                "--data", TestData.dataDir().toString());
        Process parent = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("parent.log").toFile()).start();
        List<Path> configs = List.of(out.resolve(".partial/cnn4b/config.json"), out.resolve(".partial/cnn4b-class-weights/config.json"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!configs.stream().allMatch(Files::exists) && parent.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(configs.stream().allMatch(Files::exists), "both children train");
        Thread.sleep(1000);
        List<ProcessHandle> children = parent.descendants().toList();
        assertEquals(2, children.size(), "one JVM per experiment");
        parent.destroy();
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent ends");
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "no child outlives the parent");
        }
        for (String id : List.of("cnn4b", "cnn4b-class-weights")) {
            RunDirectory run = new RunDirectory(out.resolve(".partial").resolve(id));
            String saved = org.atelier.run.RunStanding.of(run).savedPoint();
            String log = Files.readString(out.resolve(id + ".log"));
            assertTrue(log.contains("atelier: stopped; " + run.root() + " keeps its training up to " + saved
                    + ". Continue with: the same command again"), log);
        }
    }
}
