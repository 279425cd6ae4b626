package org.atelier.sweep;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.config.DropoutSeeds;
import org.atelier.config.TrainConfig;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping every runner relies on, without training: ids, the plan file, moving finished runs into place. */
class SweepFolderTest {
    @TempDir
    Path tmp;

    private static final TrainConfig BASE = TrainConfig.defaults().toBuilder().set(TrainSettings.EPOCHS, 1).build();

    @Test
    void anIdNamesTheSettingsAndTheSeed() {
        RunSpec a1 = RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 1L).build(), "a");
        RunSpec a2 = RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 2L).build(), "a");
        RunSpec b1 = RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 1L).set(TrainSettings.LEARNING_RATE, 0.003).build(), "b");

        assertTrue(a1.id().matches("baseline-[0-9a-f]{8}-s1"), a1.id());
        assertEquals(a1.id().replace("-s1", "-s2"), a2.id(), "seeds of one configuration share its digest");
        assertEquals(RunSpec.configId(a1.config()), RunSpec.configId(a2.config()));
        assertNotEquals(RunSpec.configId(a1.config()), RunSpec.configId(b1.config()));
        assertEquals(a1.id(), RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 1L).build(), "other words").id(), "the same settings, the same id");
        assertThrows(UserException.class, () -> new RunSpec("../escape", "", BASE));
        assertThrows(UserException.class, () -> new RunSpec(".partial", "", BASE));
    }

    @Test
    void thePlanKeepsItsOrderAcrossCallsAndRefusesOtherSettingsUnderAnId() throws Exception {
        SweepFolder folder = new SweepFolder(tmp, SweepFolder.STUDY_PLAN, List.of("first", "second", "third"));
        folder.prepare(List.of(new RunSpec("third", "three", BASE), new RunSpec("extra", "x", BASE)));
        folder.prepare(List.of(new RunSpec("first", "one", BASE)));

        assertEquals(List.of("first", "third", "extra"), folder.plan().stream().map(RunSpec::id).toList());
        assertEquals("one", folder.spec("first").description());
        assertEquals(List.of(), folder.spec("first").config().differencesFrom(BASE.resolved()), "the configuration as recorded");
        assertEquals(tmp.resolve("study.json") + " records no run 'nope'",
                assertThrows(UserException.class, () -> folder.spec("nope")).getMessage());

        new RunDirectory(Files.createDirectories(tmp.resolve(".partial/first"))).writeConfig(BASE.resolved());
        UserException e = assertThrows(UserException.class,
                () -> folder.prepare(List.of(new RunSpec("first", "one", BASE.toBuilder().set(TrainSettings.EPOCHS, 2).build()))));
        assertTrue(e.getMessage().startsWith(tmp.resolve(".partial/first") + " was trained with other settings than asked for now "
                + "(epochs: 1 -> 2)"), e.getMessage());
    }

    /**
     * A run saved before dropout masks were seeded per batch (its config.json has no such field)
     * is the same experiment: the plan of today resumes it, under the same id.
     */
    @Test
    void aRunSavedBeforePerBatchSeedsIsTheSameExperiment() throws Exception {
        TrainConfig old = BASE.toBuilder().dropoutSeeds(DropoutSeeds.PER_EPOCH).build();
        assertEquals(RunSpec.configId(BASE), RunSpec.configId(old));
        ObjectNode saved = Json.MAPPER.valueToTree(BASE.resolved());
        saved.remove("dropoutSeeds");
        Path partial = Files.createDirectories(tmp.resolve(".partial/first"));
        Files.writeString(partial.resolve(RunDirectory.CONFIG), saved.toString());
        assertEquals(DropoutSeeds.PER_EPOCH, new RunDirectory(partial).config().dropoutSeeds(), "as it was trained");

        SweepFolder folder = new SweepFolder(tmp, SweepFolder.STUDY_PLAN, List.of("first"));
        folder.prepare(List.of(new RunSpec("first", "one", BASE)));
        assertEquals(DropoutSeeds.PER_BATCH, BASE.dropoutSeeds(), "new runs seed per batch");
        UserException e = assertThrows(UserException.class,
                () -> folder.prepare(List.of(new RunSpec("first", "one", BASE.toBuilder().set(TrainSettings.EPOCHS, 2).build()))));
        assertTrue(e.getMessage().endsWith("(epochs: 1 -> 2); use another --out, or the settings it was made with"),
                e.getMessage());
    }

    @Test
    void onlyFinishedRunsCountAndAFolderIsKnownByItsPlanFile() throws Exception {
        SweepFolder folder = new SweepFolder(tmp, SweepFolder.SWEEP_PLAN, List.of());
        folder.prepare(List.of(new RunSpec("done", "d", BASE), new RunSpec("running", "r", BASE)));
        Files.createDirectories(tmp.resolve("done"));
        Files.writeString(tmp.resolve("done").resolve(RunDirectory.METRICS), "{}");
        Files.writeString(tmp.resolve("done").resolve(RunDirectory.EVALUATION), "{}");
        Files.createDirectories(tmp.resolve(".partial/running"));

        assertEquals(List.of(tmp.resolve("done")), folder.finishedRuns().keySet().stream().map(RunDirectory::root).toList());
        assertTrue(folder.isFinished("done"));
        assertFalse(folder.isFinished("running"));
        assertEquals(tmp.resolve(SweepFolder.SWEEP_PLAN), SweepFolder.at(tmp).orElseThrow().planPath());
        assertTrue(SweepFolder.at(tmp.resolve("done")).isEmpty(), "a run is not a sweep folder");
    }

    @Test
    void aRunIsDescribedByThePlanOfTheFolderItLiesIn() throws Exception {
        new SweepFolder(tmp.resolve("full"), SweepFolder.STUDY_PLAN, List.of()).prepare(List.of(new RunSpec("cnn4b", "all 50", BASE)));
        new SweepFolder(tmp.resolve("short"), SweepFolder.STUDY_PLAN, List.of()).prepare(List.of(new RunSpec("cnn4b", "15 of 50", BASE)));
        assertEquals("all 50", SweepFolder.descriptionOf(new RunDirectory(tmp.resolve("full/cnn4b"))).orElseThrow());
        assertEquals("15 of 50", SweepFolder.descriptionOf(new RunDirectory(tmp.resolve("short/./cnn4b"))).orElseThrow());
        assertTrue(SweepFolder.descriptionOf(new RunDirectory(tmp.resolve("full/other"))).isEmpty(), "not in the plan");
        assertTrue(SweepFolder.descriptionOf(new RunDirectory(tmp.resolve("loose"))).isEmpty(), "not in a folder");
    }

    @Test
    void aFinishedRunMovesIntoPlaceOnceAndALateCopyIsDiscarded() throws Exception {
        Path first = Files.createDirectories(tmp.resolve(".partial/a"));
        Files.writeString(first.resolve(RunDirectory.EVALUATION), "{\"attempt\": 1}");
        Path target = tmp.resolve("a");

        assertTrue(SpecTask.moveIntoPlace(first, target));
        assertFalse(Files.exists(first));
        assertEquals("{\"attempt\": 1}", Files.readString(target.resolve(RunDirectory.EVALUATION)));

        Path late = Files.createDirectories(tmp.resolve(".partial/a"));
        Files.writeString(late.resolve(RunDirectory.EVALUATION), "{\"attempt\": 2}");
        assertFalse(SpecTask.moveIntoPlace(late, target), "another attempt finished first");
        assertFalse(Files.exists(late), "the late copy is removed");
        assertEquals("{\"attempt\": 1}", Files.readString(target.resolve(RunDirectory.EVALUATION)), "the first one stays");

        Path blocked = Files.createDirectories(tmp.resolve("b"));
        Path partial = Files.createDirectories(tmp.resolve(".partial/b"));
        UserException e = assertThrows(UserException.class, () -> SpecTask.moveIntoPlace(partial, blocked));
        assertEquals(blocked + " exists but is not a finished run; remove it to let " + partial + " take its place", e.getMessage());
    }

    /**
     * Run again, a sweep whose finished run's metrics.json was damaged since (it reads null) neither
     * retrains over it, nor rewrites its comparison without it, nor ends in a stack trace: it names the file.
     */
    @Test
    void aRerunNamesAFinishedRunDamagedSinceAndComparesTheOthers() throws Exception {
        RunSpec good = RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 1L).build(), "a");
        RunSpec bad = RunSpec.named(BASE.toBuilder().set(TrainSettings.SEED, 2L).build(), "a");
        for (RunSpec spec : List.of(good, bad)) {
            RunDirectory run = org.atelier.testing.RunFolders.withHistory(tmp.resolve(spec.id()), spec.config().resolved(),
                    List.of(new org.atelier.run.EpochRecord(1, 0.5, 0.8, 0.4, 0.85, 1e-3, 20, 100, 0, 0, 0.5, 40)));
            org.atelier.testing.RunFolders.mergeMetrics(run, java.util.Map.of("val_accuracy", 0.85, "test_accuracy", 0.84));
            Json.write(run.file(RunDirectory.EVALUATION), java.util.Map.of("test_accuracy", 0.84));
        }
        Files.writeString(tmp.resolve(bad.id()).resolve(RunDirectory.METRICS), "null");
        List<String> trained = new java.util.ArrayList<>();
        SweepRunner runner = (folder, specs, log) -> {
            specs.stream().filter(s -> !folder.isFinished(s.id())).forEach(s -> trained.add(s.id()));
            return List.of();
        };

        UserException e = assertThrows(UserException.class, () -> Sweep.run(tmp, List.of(good, bad), runner,
                new java.io.PrintWriter(java.io.Writer.nullWriter())));

        assertEquals(List.of(), trained, "nothing retrained over a finished run");
        assertTrue(e.getMessage().startsWith("finished runs that cannot be read: "
                + tmp.resolve(bad.id()).resolve(RunDirectory.METRICS) + ": holds no"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the comparison was left as it was)"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve(org.atelier.reporting.ComparisonReport.CSV)), "no comparison rewritten without it");
        // a study's folder is refused the same way
        UserException study = assertThrows(UserException.class, () -> org.atelier.study.Study.run(tmp, List.of(good, bad),
                runner, new java.io.PrintWriter(java.io.Writer.nullWriter())));
        assertEquals(e.getMessage(), study.getMessage());
    }
}
