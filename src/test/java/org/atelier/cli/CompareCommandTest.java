package org.atelier.cli;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atelier.config.TrainConfig;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.RunSpec;
import org.atelier.study.Study;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare on a study folder, as published: only the small files, in the study's order, with its descriptions. */
@Tag("slow")
class CompareCommandTest {
    /** The files a published study keeps of each experiment: no parameters, no checkpoint. */
    static final List<String> PUBLISHED = List.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.METRICS,
            RunDirectory.EVALUATION, RunDirectory.CURVES, RunDirectory.CONFUSION);

    @TempDir
    Path tmp;

    @Test
    void aPublishedStudyWithoutParametersComparesAsTheOriginalInTheStudysOrder() throws Exception {
        Path study = tmp.resolve("study");
        TrainConfig small = TestRuns.smallBaseline(1);
        // Run in two calls, the later experiment of the plan first, as `study --only` allows.
        Study.run(study, List.of(new RunSpec("cnn4b", "second in the plan", small.toBuilder().set(TrainSettings.SEED, 7L).build())),
                TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(new StringWriter()));
        Study.run(study, List.of(new RunSpec("baseline", "first in the plan", small)),
                TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(new StringWriter()));
        List<String> original = Files.readAllLines(study.resolve(ComparisonReport.CSV));
        assertEquals(3, original.size(), "the second call compares both experiments, not only its own");
        assertTrue(original.get(1).startsWith("baseline,") && original.get(2).startsWith("cnn4b,"), String.join("\n", original));

        Path published = tmp.resolve("published");
        Files.createDirectories(published);
        Files.copy(study.resolve(Study.PLAN_FILE), published.resolve(Study.PLAN_FILE));
        for (String experiment : List.of("baseline", "cnn4b")) {
            Files.createDirectories(published.resolve(experiment));
            for (String file : PUBLISHED) {
                Files.copy(study.resolve(experiment).resolve(file), published.resolve(experiment).resolve(file));
            }
        }
        Files.copy(study.resolve(ComparisonReport.CSV), published.resolve(ComparisonReport.CSV));

        List<String> glob = new ArrayList<>(List.of("compare"));
        try (Stream<Path> entries = Files.list(published)) {
            entries.map(Path::toString).sorted().forEach(glob::add); // as the shell expands published/*
        }
        glob.addAll(List.of("--out", published.toString()));
        DataCommandTest.Result r = DataCommandTest.run(glob.toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(original, Files.readAllLines(published.resolve(ComparisonReport.CSV)));
        String html = Files.readString(published.resolve(ComparisonReport.HTML));
        assertTrue(html.contains("<title>Atelier study</title>") && html.indexOf("first in the plan") < html.indexOf("second in the plan"),
                html);
        assertTrue(Files.isRegularFile(published.resolve(ComparisonReport.CURVES)));

        DataCommandTest.Result folder = DataCommandTest.run("compare", published.toString(), "--out", tmp.resolve("again").toString());
        assertEquals(0, folder.exitCode(), folder.err());
        assertEquals(original, Files.readAllLines(tmp.resolve("again").resolve(ComparisonReport.CSV)), "the folder itself, too");
    }
}
