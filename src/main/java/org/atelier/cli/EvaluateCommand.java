package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Calibration;
import org.atelier.evaluation.Evaluation;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.workflow.RunSteps;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a run on the Fashion-MNIST test set: accuracy, per-class metrics, confusion matrix, mistakes. "
                + "With --split validation, on the run's own validation split instead, printed only: for choosing "
                + "settings (such as --tta) without looking at the test set.")
class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by `atelier train`.")
    Path runDir;

    @Mixin
    DeviceOption device;

    @Option(names = "--tta", paramLabel = "MODE", defaultValue = "auto",
            description = "Test-time augmentation, reported beside the plain accuracy: none, flip (the image and its mirror image), "
                    + "shift-flip (both, each also moved one pixel in four directions: 10 views), or auto: flip for a model "
                    + "trained with flips, else none (default: ${DEFAULT-VALUE}).")
    String tta;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST files (default: as for train).")
    Path dataDir;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "test (the final figure; writes the evaluation files) or validation (the run's own held-out "
                    + "split, as saved in its config.json; prints only) (default: ${DEFAULT-VALUE}).")
    EvaluationSplit split;

    @Override
    public Integer call() {
        RunDirectory run = RunDirectory.existing(runDir);
        TestTimeAugmentation views = tta.equals("auto") ? Evaluation.matchingTta(run) : TestTimeAugmentation.byName(tta);
        DataConfig saved = run.config().data();
        DataConfig data = dataDir != null ? new DataConfig(dataDir, saved.validationFraction(), saved.splitSeed()) : saved;
        PrintWriter out = spec.commandLine().getOut();
        if (split == EvaluationSplit.VALIDATION) {
            if (saved.validationFraction() == 0) {
                throw new UserException(run.root() + " trained on every training image (--validation-fraction 0): "
                        + "it has no validation split to evaluate on");
            }
            ImageSet validation = PreparedData.load(data, DataLocator.standard()).validation();
            Evaluation.Result result = RunSteps.evaluateHeldOut(run, validation, views, device.select());
            out.print(result.metrics().render());
            out.printf(Locale.ROOT, "validation accuracy %.4f%s on %,d images (fraction %s, split seed %d); nothing written%n",
                    result.metrics().accuracy(), withTta(result), validation.size(), saved.validationFraction(), saved.splitSeed());
            return 0;
        }
        PreparedData prepared = PreparedData.load(data, DataLocator.standard());
        Evaluation.Result result = RunSteps.evaluate(run, prepared.test(), prepared.validation(), views, device.select());
        out.print(result.metrics().render());
        out.println(calibrationLine(result.calibration(), result.tta()));
        out.printf(Locale.ROOT, "test accuracy %.4f%s; wrote %s, %s and %s into %s%n", result.metrics().accuracy(), withTta(result),
                RunDirectory.EVALUATION, String.join(", ", RunDirectory.EVALUATION_PICTURES), RunDirectory.REPORT, run.root());
        return 0;
    }

    /**
     * One line: the temperature and what it does to the test figures, or that there is none and why;
     * with test-time views, the ECE of their averages too.
     */
    static String calibrationLine(Calibration.Summary c, TestTimeAugmentation tta) {
        String bins = c.reliability().size() + " equal-width confidence bins";
        String views = c.eceTta() == null ? "" : String.format(Locale.ROOT, "; averaged '%s' views ECE %.2f%%", tta.id(), 100 * c.eceTta())
                + (c.eceTtaCalibrated() == null ? "" : String.format(Locale.ROOT, " -> %.2f%%", 100 * c.eceTtaCalibrated()));
        if (c.temperature() == null) {
            return String.format(Locale.ROOT, "calibration: no temperature, as the run has no validation split to fit one on "
                    + "(--validation-fraction 0); test ECE %.2f%% (%s), NLL %.4f", 100 * c.ece(), bins, c.nll()) + views;
        }
        return String.format(Locale.ROOT, "calibration: temperature %.3f fitted on %,d validation images; test ECE %.2f%% -> "
                + "%.2f%% (%s), NLL %.4f -> %.4f", c.temperature(), c.temperatureImages(), 100 * c.ece(), 100 * c.eceCalibrated(),
                bins, c.nll(), c.nllCalibrated()) + views;
    }

    private static String withTta(Evaluation.Result result) {
        return result.tta() == TestTimeAugmentation.NONE ? ""
                : String.format(Locale.ROOT, " (%.4f with test-time augmentation '%s')", result.ttaAccuracy(), result.tta().id());
    }
}
