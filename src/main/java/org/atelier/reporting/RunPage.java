package org.atelier.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.data.FashionClass;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.EpochRecord;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.Provenance;
import org.atelier.run.ReliabilityBin;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.util.Durations;

/**
 * What a run's report.html shows, every figure formatted as the page writes it: built from the
 * run directory's files alone, so the page can be rebuilt at any time. The template
 * (reporting/run.jte) lays it out.
 */
public record RunPage(String name, String model, String state, String stateClass, String headline, List<Card> cards,
                      String curves, List<List<String>> history, String augmentation, String augmentationImage,
                      Evaluation evaluation, String notEvaluated, List<SettingsGroup> settings, List<String> extensions,
                      List<Fact> provenance, String summary) {

    /** One figure in a card: what it is, its value, and a line of detail. */
    public record Card(String label, String value, String detail) {}

    /** A label and its value. */
    public record Fact(String label, String value) {}

    /** A group of settings, each as its option and its value as users type it. */
    public record SettingsGroup(String heading, List<SettingRow> rows) {}

    public record SettingRow(String option, String value, boolean atDefault) {}

    /**
     * The test set's part: the accuracy line, per-class figures, the confusion matrix, and calibration
     * (a sentence and the reliability diagram; null for an evaluation that did not measure it).
     */
    public record Evaluation(String line, List<List<String>> perClass, ConfusionMatrix counts, ConfusionMatrix shares,
                             String mistakesImage, String calibration, String reliabilityImage, String explainedMistakesImage,
                             String confusedPairImage, String explanationLayer) {}

    static RunPage of(RunDirectory run) {
        TrainConfig config = run.config();
        List<EpochRecord> history = run.history();
        RunMetrics m = run.metrics().orElse(null);
        EvaluationRecord evaluation = run.evaluation().orElse(null);
        String name = run.root().getFileName().toString();
        Optional<String> failure = m == null ? run.failure() : Optional.empty();
        String state = failure.isPresent() ? "failed" : m == null ? (history.isEmpty() ? "not started" : "unfinished")
                : m.evaluated() ? "finished" : "trained";
        String stateClass = failure.isPresent() ? "bad" : m == null ? "pending" : m.evaluated() ? "done" : "pending";
        // a failed run says why; resuming it would only fail again the same way
        String headline = failure.map(why -> "Training ended in an error: " + why + ".")
                .orElseGet(() -> headline(config, m, history));
        return new RunPage(name, config.model(), state, stateClass, headline, cards(config, m, history),
                history.isEmpty() ? null : RunDirectory.CURVES, historyRows(history), augmentation(run, config),
                run.has(RunDirectory.AUGMENTATION) ? RunDirectory.AUGMENTATION : null,
                evaluation == null ? null : evaluation(evaluation, run), notEvaluated(run, m), settings(config),
                config.extensions().stream().map(e -> "after epoch " + e.afterEpoch() + ", trained on to epoch " + e.epochs()).toList(),
                provenance(run), RunReport.readOrEmpty(run.file(RunDirectory.SUMMARY)));
    }

    private static String headline(TrainConfig config, RunMetrics m, List<EpochRecord> history) {
        if (m != null && m.validationAccuracy() != null) {
            return "Best validation accuracy " + Pages.percent(m.validationAccuracy()) + " at epoch " + m.bestEpoch() + " of "
                    + m.epochsRun() + (m.stoppedEarly() ? " (stopped early)" : "") + (m.evaluated()
                    ? "; test accuracy " + Pages.percent(m.testAccuracy()) + "." : "; not evaluated on the test set yet.");
        }
        if (m != null) {
            return "Trained on every training image (no validation split): kept epoch " + m.bestEpoch() + " of " + m.epochsRun()
                    + (m.evaluated() ? "; test accuracy " + Pages.percent(m.testAccuracy()) + "." : "; not evaluated on the test set yet.");
        }
        if (history.isEmpty()) {
            return "No epoch has finished yet.";
        }
        Optional<EpochRecord> best = EpochRecord.bestByValidation(history);
        return history.size() + " of " + config.epochs() + " epochs so far" + best.map(b -> "; best validation accuracy so far "
                + Pages.percent(b.validationAccuracy()) + " at epoch " + b.epoch()).orElse("") + ".";
    }

    private static List<Card> cards(TrainConfig config, RunMetrics m, List<EpochRecord> history) {
        List<Card> cards = new ArrayList<>();
        if (m != null) {
            cards.add(new Card("validation accuracy", Pages.percent(m.validationAccuracyOrNaN()),
                    "best epoch " + m.bestEpoch() + " of " + m.epochsRun()));
            cards.add(m.evaluated() ? new Card("test accuracy", Pages.percent(m.testAccuracy()), testDetail(m))
                    : new Card("test accuracy", "-", "not evaluated yet"));
            cards.add(new Card("training time", Durations.of(m.trainSeconds()), Pages.number(m.trainImagesPerSecond(), 0)
                    + " images/s, validation excluded"));
            cards.add(new Card("parameters", Pages.count(m.parameters()), Pages.number(m.flopsPerImage() / 1e6, 1)
                    + " MFLOPs per image (forward)"));
            cards.add(new Card("training images", Pages.count(m.trainImages()), "per epoch"));
            cards.add(new Card("training compute", Pages.tflop(m.trainTflop()) + " TFLOP",
                    "3 forward passes per image seen"));
        } else if (!history.isEmpty()) {
            EpochRecord last = history.get(history.size() - 1);
            cards.add(new Card("epochs", history.size() + " of " + config.epochs(), "so far"));
            cards.add(new Card("validation accuracy", Pages.percent(last.validationAccuracy()), "epoch " + last.epoch()));
        }
        return cards;
    }

    private static String testDetail(RunMetrics m) {
        if (m.tta() == null || m.tta().equals(TestTimeAugmentation.NONE.id())) {
            return "10,000 test images";
        }
        TestTimeAugmentation tta = TestTimeAugmentation.byName(m.tta());
        return Pages.percent(m.testAccuracyTta()) + " averaging " + tta.views().size() + " views (" + tta.id() + ")";
    }

    private static List<List<String>> historyRows(List<EpochRecord> history) {
        return history.stream().map(r -> List.of(String.valueOf(r.epoch()), Pages.number(r.trainLoss(), 4),
                Pages.percent(r.trainAccuracy()), Pages.number(r.validationLoss(), 4), Pages.percent(r.validationAccuracy()),
                Pages.rate(r.learningRate()), Durations.of(r.trainSeconds()), Pages.number(r.imagesPerSecond(), 0))).toList();
    }

    private static String augmentation(RunDirectory run, TrainConfig config) {
        if (!config.augment().enabled()) {
            return null;
        }
        return config.augment().describe() + ": " + (config.offlineCopies() > 0
                ? config.offlineCopies() + " augmented copies of the training set were made before training."
                : "every training batch is augmented on the fly.");
    }

    private static String notEvaluated(RunDirectory run, RunMetrics m) {
        if (m != null && m.evaluated()) {
            return null;
        }
        return m == null ? "The test set is evaluated once training has finished."
                : "Not evaluated on the test set yet: ./atelier evaluate " + org.atelier.util.ShellWords.quote(run.root());
    }

    private static Evaluation evaluation(EvaluationRecord e, RunDirectory run) {
        TestTimeAugmentation tta = TestTimeAugmentation.byName(e.tta() == null ? "none" : e.tta());
        String line = "Test accuracy " + Pages.percent(e.testAccuracy()) + " on " + Pages.count(e.testImages()) + " images"
                + (tta == TestTimeAugmentation.NONE ? "" : "; " + Pages.percent(e.testAccuracyTta()) + " when each prediction "
                + "averages " + tta.views().size() + " views of the image (" + tta.id() + ")")
                + "; " + Pages.number(e.inferenceImagesPerSecond(), 0) + " images/s in inference.";
        List<List<String>> perClass = new ArrayList<>();
        for (int c = 0; c < FashionClass.COUNT; c++) {
            perClass.add(List.of(FashionClass.nameOf(c), Pages.percent(e.metrics().precision()[c]),
                    Pages.percent(e.metrics().recall()[c]), Pages.percent(e.metrics().f1()[c]), Pages.count(e.metrics().support()[c])));
        }
        return new Evaluation(line, perClass, ConfusionMatrix.counts(e.metrics().confusion()),
                ConfusionMatrix.shares(e.metrics().confusion()), run.has(RunDirectory.MISTAKES) ? RunDirectory.MISTAKES : null,
                calibration(e), e.reliability() != null && run.has(RunDirectory.RELIABILITY) ? RunDirectory.RELIABILITY : null,
                run.has(RunDirectory.MISTAKES_EXPLAINED) ? RunDirectory.MISTAKES_EXPLAINED : null,
                run.has(RunDirectory.CONFUSED_PAIR) ? RunDirectory.CONFUSED_PAIR : null, e.explanationLayer());
    }

    /**
     * What the reliability diagram says of this run, in words: over- or under-confident, by how much
     * at its most common confidence, and what the temperature changed. Null for an evaluation without calibration figures.
     */
    static String calibration(EvaluationRecord e) {
        if (e.reliability() == null) {
            return null;
        }
        double confidence = meanConfidence(e.reliability());
        ReliabilityBin busiest = e.reliability().stream().max(java.util.Comparator.comparingInt(ReliabilityBin::images)).orElseThrow();
        String how = Math.abs(confidence - e.testAccuracy()) < 0.005 ? "close to calibrated"
                : confidence > e.testAccuracy() ? "over-confident" : "under-confident";
        String text = "The model is " + how + ": its mean stated confidence is " + Pages.percent(confidence) + " and it is right "
                + Pages.percent(e.testAccuracy()) + " of the time; at its most common confidence, " + Pages.percent(busiest.confidence())
                + " (" + Pages.count(busiest.images()) + " of " + Pages.count(e.testImages()) + " test images), it is right "
                + Pages.percent(busiest.accuracy()) + ". Expected calibration error " + Pages.percent(e.ece()) + " over "
                + e.eceBins() + " equal-width confidence bins, test NLL " + Pages.number(e.nll(), 4) + ". ";
        if (e.temperature() == null) {
            return text + "No temperature was fitted: the run has no validation split to fit one on." + averagedViews(e);
        }
        return text + "Dividing the logits by T = " + Pages.number(e.temperature(), 2) + ", fitted on the "
                + Pages.count(e.temperatureImages()) + " validation images, makes the mean confidence "
                + Pages.percent(meanConfidence(e.reliabilityCalibrated())) + ", the error " + Pages.percent(e.eceCalibrated())
                + " and the NLL " + Pages.number(e.nllCalibrated(), 4) + " (accuracy is unchanged: dividing by T keeps each "
                + "prediction's order of classes)." + averagedViews(e);
    }

    /** What calibration of averaged test-time views measured, or nothing without them. */
    private static String averagedViews(EvaluationRecord e) {
        if (e.eceTta() == null) {
            return "";
        }
        String views = " When each prediction averages " + TestTimeAugmentation.byName(e.tta()).views().size()
                + " views of the image (" + e.tta() + "), the error is " + Pages.percent(e.eceTta());
        return e.eceTtaCalibrated() == null ? views + "."
                : views + ", and " + Pages.percent(e.eceTtaCalibrated()) + " with the same T applied to the averaged probabilities"
                        + " (as predict --tta does).";
    }

    private static double meanConfidence(List<ReliabilityBin> bins) {
        return bins.stream().filter(b -> b.images() > 0).mapToDouble(b -> b.images() * b.confidence()).sum()
                / bins.stream().mapToInt(ReliabilityBin::images).sum();
    }

    private static List<SettingsGroup> settings(TrainConfig config) {
        List<SettingsGroup> groups = new ArrayList<>();
        for (var group : org.atelier.config.Setting.Group.values()) {
            List<SettingRow> rows = TrainSettings.shown(config).stream().filter(s -> s.setting().group() == group)
                    .map(s -> new SettingRow(s.setting().option(), s.value(), s.atDefault())).toList();
            if (!rows.isEmpty()) {
                groups.add(new SettingsGroup(group.heading(), rows));
            }
        }
        return groups;
    }

    private static List<Fact> provenance(RunDirectory run) {
        Provenance p = run.provenance();
        if (p == null) {
            return List.of();
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("started", p.started()));
        facts.add(new Fact("Atelier", p.atelierVersion() + " (commit " + p.gitCommit() + "), Java " + p.java()));
        facts.add(new Fact("CPU", p.cpu() + "; " + (p.cpuVectorExtensions() == null || p.cpuVectorExtensions().isEmpty() ? "no "
                + "x86 vector extensions listed" : String.join(", ", p.cpuVectorExtensions())) + "; " + p.threads() + " threads"));
        facts.add(new Fact("data", p.dataSource() + " (" + p.dataDir() + ")"));
        if (p.dataSha256() != null) {
            p.dataSha256().forEach((file, hash) -> facts.add(new Fact(file, "SHA-256 " + hash)));
        }
        return facts;
    }
}
