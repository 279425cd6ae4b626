package org.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atelier.cli.AtelierCli;
import org.atelier.run.RunDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `sweep --runner spark` in local mode against the local runner: 2 configurations x 2 seeds on 2,000 images, 1 epoch. */
@Tag("slow")
class SparkSweepTest {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {}

    static Result atelier(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AtelierCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result sweep(Path out, String... runner) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--fix", "epochs=1", "--fix", "train-limit=2000",
                "--fix", "validation-limit=500", "--fix", "data=" + DATA, "--vary", "lr=0.001,0.002", "--seeds", "1,2",
                "--out", out.toString()));
        args.addAll(List.of(runner));
        return atelier(args.toArray(String[]::new));
    }

    private static List<Path> runs(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** The columns of history.csv that do not depend on timing. */
    private static List<String> learning(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.HISTORY)).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 6))).toList();
    }

    @Test
    void sparkAndTheLocalRunnerTrainIdenticalSpecsIdentically() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DATA), "needs Debian's dataset-fashion-mnist");
        Path onSpark = tmp.resolve("spark");
        Result spark = sweep(onSpark, "--runner", "spark", "--master", "local[2]");
        assertEquals(0, spark.exitCode(), spark.err() + spark.out());
        assertTrue(spark.out().contains("4 runs on Spark (master local[2]), 2 cores each"), spark.out());
        Path here = tmp.resolve("local");
        Result local = sweep(here);
        assertEquals(0, local.exitCode(), local.err());

        List<Path> sparkRuns = runs(onSpark);
        assertEquals(runs(here).stream().map(Path::getFileName).toList(), sparkRuns.stream().map(Path::getFileName).toList(),
                "the same specs, by id");
        assertEquals(4, sparkRuns.size());
        for (Path run : sparkRuns) {
            assertEquals(learning(here.resolve(run.getFileName())), learning(run), run.getFileName() + ": the same history");
            assertTrue(Files.readString(onSpark.resolve(run.getFileName() + ".log")).contains(": test accuracy"));
        }
        assertTrue(Files.isRegularFile(onSpark.resolve("summary.csv")));

        Result again = sweep(onSpark, "--runner", "spark", "--master", "local[2]");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(4, again.out().lines().filter(l -> l.endsWith(": done already")).count(), again.out());
        assertTrue(!again.out().contains("runs on Spark"), "nothing left to start Spark for: " + again.out());
    }
}
