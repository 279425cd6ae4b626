package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.LocalRunner;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@EnabledIf("org.atelier.testing.TestData#realDataPresent")
class ParallelStudyTest {
    @TempDir
    Path tmp;

    @Test
    void coresAreSharedOutAtLeastOneEach() {
        assertEquals(1, LocalRunner.threadsEach(2, 2));
        assertEquals(2, LocalRunner.threadsEach(8, 4));
        assertEquals(1, LocalRunner.threadsEach(2, 3));
    }

    /** An experiment runs in its own JVM with its share of the threads, logs beside its run, and the parent compares. */
    @Test
    void experimentsRunInTheirOwnProcesses() throws Exception {
        Path out = tmp.resolve("study");
        DataCommandTest.Result r = DataCommandTest.run("study", "--quick", "--only", "baseline", "--parallel", "2", "--out",
                out.toString(), "--data", TestData.realDir().toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("1 runs in 2 processes at a time, 1 threads each"), r.out());
        assertTrue(r.out().contains("baseline: finished"), r.out());
        assertFalse(r.out().contains("test accuracy"), "the parent only compares: " + r.out());
        RunDirectory run = new RunDirectory(out.resolve("baseline"));
        assertTrue(run.has(RunDirectory.EVALUATION));
        assertEquals(1, run.provenance().threads(), "the process trained with its share of the threads");
        assertTrue(Files.readString(out.resolve("baseline.log")).contains("baseline: test accuracy"));
        assertTrue(Files.isRegularFile(out.resolve("comparison.csv")));
    }
}
