package org.atelier.study;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.config.TrainConfig;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.RunSpec;
import org.atelier.testing.LockHolder;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class StudyTest {
    @TempDir
    Path tmp;

    @Test
    void runsEvaluatesComparesAndSkipsFinishedExperimentsOnRerun() throws Exception {
        TrainConfig small = TestRuns.smallBaseline(1);
        List<RunSpec> plan = List.of(
                new RunSpec("plain", "the baseline", small),
                new RunSpec("augmented", "with augmentation and class weights",
                        small.toBuilder().augment(AugmentConfig.study()).classWeights(StudyPlan.HARD_CLASS_WEIGHTS).build()));
        StringWriter log = new StringWriter();
        Study.Result first = Study.run(tmp, plan, TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(log));

        assertEquals(2, first.runs().size());
        for (RunDirectory run : first.runs()) {
            assertTrue(run.has(RunDirectory.EVALUATION), run.root().toString());
            assertTrue(run.metrics().orElseThrow().evaluated());
        }
        List<String> csv = Files.readAllLines(tmp.resolve(ComparisonReport.CSV));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("plain,baseline,"), csv.get(1));
        String html = Files.readString(first.report().page());
        assertTrue(html.contains("with augmentation and class weights") && html.contains("plain/report.html"), html);
        assertTrue(html.contains("<h2>The reference's figures beside these</h2>"), "the study's page has the reference's figures");
        assertTrue(html.contains("<h2>The reference's conclusions, checked</h2>"), "the study's page checks its conclusions");
        assertTrue(Files.isRegularFile(tmp.resolve(ComparisonReport.CURVES)));

        assertTrue(first.runs().get(1).has(RunDirectory.AUGMENTATION), "study runs get the augmentation chart, as train's do");
        assertTrue(Files.isRegularFile(tmp.resolve(Study.PLAN_FILE)));

        StringWriter again = new StringWriter();
        Study.run(tmp, plan, TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(again));
        assertTrue(again.toString().contains("[1/2] plain: done already"), again.toString());
        assertTrue(again.toString().contains("[2/2] augmented: done already"), again.toString());
    }

    /**
     * Folders written before runs trained in .partial/ held unfinished runs under their own name:
     * one that never finished an epoch trains from the start, one with a checkpoint goes on from it,
     * and either ends as the same run as one never stopped.
     */
    @Test
    void anUnfinishedRunLeftInPlaceByAnEarlierVersionIsTakenUpExactly() throws Exception {
        TrainConfig twoEpochs = TestRuns.smallBaseline(2);
        List<RunSpec> plan = List.of(new RunSpec("started", "config written, no epoch", twoEpochs),
                new RunSpec("stopped", "stopped after its first epoch", twoEpochs));
        Path straight = tmp.resolve("straight");
        Study.run(straight, plan.subList(0, 1), TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(new StringWriter()));
        List<EpochRecord> expected = new RunDirectory(straight.resolve("started")).history();

        Path legacy = tmp.resolve("legacy");
        RunDirectory started = new RunDirectory(legacy.resolve("started"));
        Files.createDirectories(started.root());
        started.writeConfig(twoEpochs.resolved());
        Files.writeString(started.file(RunDirectory.LOCK), "12345\n");
        // a run stopped after epoch 1 of 2: trained one epoch, then its planned length and no end-of-training files
        RunDirectory stopped = new RunDirectory(legacy.resolve("stopped"));
        RunSteps.train(TestRuns.smallBaseline(1), TestRuns.data(), stopped, false, ProgressListener.SILENT, Device.cpu(), "test");
        Files.delete(stopped.file(RunDirectory.METRICS));
        stopped.writeConfig(twoEpochs.resolved());
        double firstEpochSeconds = stopped.history().get(0).trainSeconds();

        StringWriter log = new StringWriter();
        Study.run(legacy, plan, TestRuns.data(), e -> ProgressListener.SILENT, new PrintWriter(log));
        for (String id : List.of("started", "stopped")) {
            assertTrue(log.toString().contains("moved the unfinished " + legacy.resolve(id) + " to "
                    + legacy.resolve(".partial").resolve(id) + ", where it goes on"), log.toString());
            RunDirectory run = new RunDirectory(legacy.resolve(id));
            assertTrue(run.has(RunDirectory.EVALUATION), id + " finished and evaluated");
            List<EpochRecord> history = run.history();
            assertEquals(2, history.size(), id);
            for (int e = 0; e < 2; e++) {
                assertEquals(expected.get(e).trainLoss(), history.get(e).trainLoss(), 0.0, id + ", epoch " + (e + 1));
                assertEquals(expected.get(e).validationAccuracy(), history.get(e).validationAccuracy(), 0.0, id + ", epoch " + (e + 1));
            }
        }
        assertTrue(log.toString().contains("[1/2] started: config written, no epoch (resuming from its start, as nothing of its training was saved)"), log.toString());
        assertTrue(log.toString().contains("[2/2] stopped: " + plan.get(1).description() + " (resuming after epoch 1 of 2)"),
                log.toString());
        assertEquals(firstEpochSeconds, new RunDirectory(legacy.resolve("stopped")).history().get(0).trainSeconds(),
                0.0, "the stopped run went on from its checkpoint: its first epoch was not trained again");
    }

    /** A second copy of a study refuses the experiment the first trains now, naming it, and leaves it alone. */
    @Test
    void anExperimentAnotherProcessTrainsIsRefusedBeforeAnythingIsSaid() throws Exception {
        TrainConfig small = TestRuns.smallBaseline(1);
        RunDirectory partial = new RunDirectory(tmp.resolve(".partial").resolve("plain"));
        Files.createDirectories(partial.root());
        partial.writeConfig(small.resolved());
        Process holder = LockHolder.start(partial);
        try {
            StringWriter log = new StringWriter();
            UserException e = assertThrows(UserException.class, () -> Study.run(tmp, List.of(new RunSpec("plain", "the baseline",
                    small)), TestRuns.data(), x -> ProgressListener.SILENT, new PrintWriter(log)));
            assertEquals("plain is being trained or evaluated in " + partial.root() + " by another atelier process (pid "
                    + holder.pid() + "); wait for it to finish, or give this one another --out", e.getMessage());
            assertFalse(log.toString().contains("plain:"), log.toString());
            assertFalse(partial.has(RunDirectory.CHECKPOINT), "nothing was trained into the run in use");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** A rerun with another seed (or --quick, or split) must not reuse the runs made with the first. */
    @Test
    void aFolderHoldingOtherSettingsIsRefusedNotReused() {
        TrainConfig small = TestRuns.smallBaseline(1);
        Study.run(tmp, List.of(new RunSpec("plain", "the baseline", small)), TestRuns.data(), e -> ProgressListener.SILENT,
                new PrintWriter(new StringWriter()));
        List<RunSpec> otherSeed = List.of(new RunSpec("plain", "the baseline", small.toBuilder().set(TrainSettings.SEED, 7L).set(TrainSettings.EPOCHS, 2).build()));
        UserException e = assertThrows(UserException.class,
                () -> Study.run(tmp, otherSeed, TestRuns.data(), x -> ProgressListener.SILENT, new PrintWriter(new StringWriter())));
        assertEquals(tmp.resolve("plain") + " was trained with other settings than asked for now (epochs: 1 -> 2; seed: 42 -> 7); "
                + "use another --out, or the settings it was made with", e.getMessage());
        assertEquals(42, new RunDirectory(tmp.resolve("plain")).config().seed(), "the finished run is left as it was");
    }

    @Test
    void quickPlanCoversTheStudyAndItsFutureWorkOnOneSubset() {
        List<RunSpec> plan = StudyPlan.experiments(true, TestRuns.smallBaseline(1).data(), 42);
        assertEquals(List.of("baseline", "cnn4b", "cnn4b-augment", "cnn4b-class-weights", "cnn4b-augment-tuned",
                "miniresnet", "cnn4b-augment-class-weights", "miniresnet-label-smoothing", "miniresnet-bottleneck"),
                plan.stream().map(RunSpec::id).toList());
        for (RunSpec e : plan) {
            assertEquals(StudyPlan.QUICK_TRAIN_IMAGES, e.config().trainLimit(), e.id());
            assertEquals(0.9, e.config().batchNormMomentum(), e.id() + ": statistics that follow a short run");
        }
        assertEquals("cnn4b-lite", plan.get(1).config().model());
        assertEquals(10, plan.get(4).config().augment().shear(), "the lite models' tuned augmentation, as measured");
    }

    /** The full plan is the reference's (reference-models.md): its models, batch 128, 50 epochs, its schedules. */
    @Test
    void fullPlanIsTheReferencesOwn() {
        List<RunSpec> plan = StudyPlan.experiments(false, TestRuns.smallBaseline(1).data(), 42);
        TrainConfig cnn = plan.get(1).config();
        assertEquals("cnn4b", cnn.model());
        assertNull(cnn.batchNormMomentum(), "Keras' own momentum");
        assertEquals(50, cnn.epochs());
        assertEquals(128, cnn.batchSize());
        assertEquals(0, cnn.earlyStoppingPatience());
        assertTrue(!cnn.plateau().enabled(), "no schedule");
        assertEquals(0, cnn.trainLimit(), "all 48,000 images");
        assertEquals(0.15, plan.get(4).config().augment().shear(), "shear_range 0.15, in Keras' degrees");
        TrainConfig resnet = plan.get(5).config();
        assertEquals("miniresnet", resnet.model());
        assertEquals(new TrainConfig.PlateauConfig(org.atelier.config.Monitor.VAL_LOSS, 0.5, 3, 1e-4, 1e-6), resnet.plateau());
        assertEquals(50, resnet.epochs());
        assertEquals("miniresnet-bottleneck", plan.get(8).config().model());
        assertEquals(10, plan.get(0).config().epochs());
        TrainConfig combined = plan.get(6).config();
        assertTrue(combined.augmentsOnline() && combined.classWeights().size() == 10);
        assertTrue(plan.get(5).config().plateau().enabled());
        assertEquals(0.1, plan.get(7).config().labelSmoothing());
    }

    /** --epochs shortens the long experiments only, says so in their descriptions, and changes nothing else. */
    @Test
    void aShortenedPlanCapsTheEpochsAndSaysSo() {
        List<RunSpec> full = StudyPlan.experiments(false, TestRuns.smallBaseline(1).data(), 42);
        List<RunSpec> shortened = StudyPlan.shortened(full, 15);

        assertEquals(full.get(0), shortened.get(0), "the baseline's 10 epochs are under the cap");
        for (int i = 1; i < full.size(); i++) {
            RunSpec planned = full.get(i);
            RunSpec cut = shortened.get(i);
            assertEquals(planned.id(), cut.id());
            assertEquals(planned.description() + " [15 of the plan's 50 epochs]", cut.description());
            assertEquals(List.of("epochs: 50 -> 15"), planned.config().differencesFrom(cut.config()), planned.id());
        }
        UserException e = assertThrows(UserException.class,
                () -> StudyPlan.shortened(full, 0));
        assertEquals("--epochs must be at least 1, got 0", e.getMessage());
    }
}
