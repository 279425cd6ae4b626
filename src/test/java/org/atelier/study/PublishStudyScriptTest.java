package org.atelier.study;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.atelier.config.TrainConfig;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.RunSpec;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.atelier.util.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/publish-study.sh, run as a user runs it, on study folders made by real (small) training:
 * what it copies and leaves behind, the unfinished runs' histories, the plan merged across two study
 * folders (a study continued on a new machine), and its refusal of files over 1 MB.
 */
@Tag("slow")
class PublishStudyScriptTest {
    /** What the script publishes of a finished experiment, when the run made it. */
    private static final Set<String> PUBLISHABLE = Set.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.METRICS,
            RunDirectory.EVALUATION, RunDirectory.CURVES, RunDirectory.CONFUSION, RunDirectory.SUMMARY,
            RunDirectory.AUGMENTATION, RunDirectory.MISTAKES, RunDirectory.MISTAKES_EXPLAINED, RunDirectory.CONFUSED_PAIR,
            RunDirectory.RELIABILITY, RunDirectory.REPORT);

    @TempDir
    Path tmp;

    private Path script;

    /**
     * The script beside a launcher that runs this build's classes: the real `atelier` would build
     * the jar, which a test run (before packaging) does not have yet.
     */
    @BeforeEach
    void installScript() throws IOException {
        assumeTrue(onPath("bash"), "needs bash");
        Path root = Files.createDirectories(tmp.resolve("checkout"));
        script = Files.createDirectories(root.resolve("scripts")).resolve("publish-study.sh");
        Files.copy(Path.of("scripts", "publish-study.sh"), script);
        Path launcher = root.resolve("atelier");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Dai.djl.offline=true -Djava.awt.headless=true -cp '" + System.getProperty("java.class.path")
                + "' org.atelier.cli.AtelierCli \"$@\"\n");
        for (Path file : List.of(script, launcher)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void publishesFinishedRunsAndUnfinishedHistoriesAndMergesAStudyContinuedElsewhere() throws Exception {
        TrainConfig small = TestRuns.smallBaseline(1);
        Path first = tmp.resolve("machine-1");
        study(first, new RunSpec("baseline", "first in the plan", small));
        Path unfinished = Files.createDirectories(first.resolve(".partial").resolve("cnn4b"));
        // One epoch of two: the finished run's history, its parameters and checkpoint stood in for by any file.
        Files.copy(first.resolve("baseline").resolve(RunDirectory.HISTORY), unfinished.resolve(RunDirectory.HISTORY));
        new RunDirectory(unfinished).writeConfig(small.toBuilder().set(TrainSettings.EPOCHS, 2).build().resolved());
        for (String file : List.of(RunDirectory.BEST_PARAMS, RunDirectory.CHECKPOINT)) {
            Files.copy(first.resolve("baseline").resolve(RunDirectory.CONFIG), unfinished.resolve(file));
        }
        Path dest = tmp.resolve("results").resolve("study");
        Path destUnfinished = tmp.resolve("results").resolve("study-unfinished");

        Outcome published = publish(first, dest);
        assertEquals(0, published.exitCode(), published.err());
        assertEquals(dest.toString(), published.out().strip());
        assertTrue(published.err().contains("cnn4b is unfinished"), published.err());
        Set<String> copied = names(dest.resolve("baseline"));
        assertTrue(PUBLISHABLE.containsAll(copied), "no parameters, checkpoint or lock: " + copied);
        assertTrue(copied.containsAll(Set.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.METRICS,
                RunDirectory.EVALUATION, RunDirectory.CURVES, RunDirectory.CONFUSION)), copied.toString());
        for (String file : copied) {
            assertEquals(-1L, Files.mismatch(first.resolve("baseline").resolve(file), dest.resolve("baseline").resolve(file)), file);
        }
        assertEquals(Set.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.CURVES, RunDirectory.REPORT),
                names(destUnfinished.resolve("cnn4b")), "an unfinished run's config, history, curves and page so far, nothing else");
        assertTrue(Files.readString(destUnfinished.resolve("cnn4b").resolve(RunDirectory.REPORT))
                .contains("unfinished</span> 1 of 2 epochs so far"), "its page says it is unfinished");
        assertEquals(Files.readAllLines(first.resolve(ComparisonReport.CSV)), Files.readAllLines(dest.resolve(ComparisonReport.CSV)),
                "the comparison rebuilt from the published files alone");
        assertEquals(Set.of("baseline"), plan(dest));
        String readme = Files.readString(dest.resolve(StudyReadme.FILE));
        assertTrue(readme.contains("1 of 2 experiments finished.") && readme.contains("| [baseline](baseline/report.html) |"), readme);
        String unfinishedLink = dest.toAbsolutePath().relativize(destUnfinished.resolve("cnn4b").resolve(RunDirectory.REPORT)
                .toAbsolutePath()).toString();
        assertTrue(readme.contains("- [cnn4b](" + unfinishedLink + "): stopped after 1 of 2 epochs"), readme);

        // The study goes on in a new folder (a new machine), where cnn4b finishes.
        Path second = tmp.resolve("machine-2");
        study(second, new RunSpec("cnn4b", "second in the plan", small.toBuilder().set(TrainSettings.SEED, 7L).build()));
        Outcome continued = publish(second, dest);
        assertEquals(0, continued.exitCode(), continued.err());
        assertEquals(Set.of("baseline", "cnn4b"), plan(dest), "the plans merged");
        assertFalse(Files.exists(destUnfinished), "the finished run's history so far is removed, and the emptied folder");
        List<String> comparison = Files.readAllLines(dest.resolve(ComparisonReport.CSV));
        assertEquals(3, comparison.size(), String.join("\n", comparison));
        assertTrue(comparison.get(1).startsWith("baseline,") && comparison.get(2).startsWith("cnn4b,"), String.join("\n", comparison));
        try (Stream<Path> files = Files.walk(tmp.resolve("results"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".tmp")).toList(), "no temporary file left");
        }

        // Two publishes into one folder at once: each waits for the other, so neither plan is lost.
        Path together = tmp.resolve("together");
        Process one = start(first, together);
        Process other = start(second, together);
        assertTrue(one.waitFor(2, TimeUnit.MINUTES) && other.waitFor(2, TimeUnit.MINUTES), "both finish");
        assertEquals(0, one.exitValue() + other.exitValue());
        assertEquals(Set.of("baseline", "cnn4b"), plan(together));

        // A history over 1 MB is not for the repository: left out, named, and the script fails.
        Path large = Files.createDirectories(second.resolve(".partial").resolve("long-run"));
        Files.write(large.resolve(RunDirectory.HISTORY), new byte[1_100_000]);
        Outcome refused = publish(second, dest);
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("over 1 MB") && refused.err().contains(large.resolve(RunDirectory.HISTORY).toString()),
                refused.err());
        assertFalse(Files.exists(destUnfinished.resolve("long-run")), "nothing of it published, not even an empty folder");
    }

    @Test
    void aFolderWithoutAPlanIsRefused() throws Exception {
        Outcome refused = publish(Files.createDirectories(tmp.resolve("empty")), tmp.resolve("dest"));
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("holds no study.json: not a study folder"), refused.err());
        assertFalse(Files.exists(tmp.resolve("dest")));
    }

    private static void study(Path dir, RunSpec experiment) {
        Study.run(dir, List.of(experiment), TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(new StringWriter()));
    }

    /** The experiments that the published plan lists. */
    private static Set<String> plan(Path dest) {
        Set<String> experiments = new HashSet<>();
        Json.read(dest.resolve(Study.PLAN_FILE), ObjectNode.class).fieldNames().forEachRemaining(experiments::add);
        return experiments;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome publish(Path study, Path dest) throws Exception {
        Process process = start(study, dest);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the script finishes");
        return new Outcome(process.exitValue(), Files.readString(output(study, dest, "out"), StandardCharsets.UTF_8),
                Files.readString(output(study, dest, "err"), StandardCharsets.UTF_8));
    }

    private Process start(Path study, Path dest) throws IOException {
        return new ProcessBuilder("bash", script.toString(), study.toString(), dest.toString())
                .redirectOutput(output(study, dest, "out").toFile()).redirectError(output(study, dest, "err").toFile()).start();
    }

    private Path output(Path study, Path dest, String stream) {
        return tmp.resolve(study.getFileName() + "-to-" + dest.getFileName() + "." + stream);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
