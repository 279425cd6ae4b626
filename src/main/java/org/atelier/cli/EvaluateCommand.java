package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.FashionMnist;
import org.atelier.evaluation.Evaluation;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.workflow.RunSteps;
import org.atelier.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a run on the Fashion-MNIST test set: accuracy, per-class metrics, confusion matrix, mistakes.")
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

    @Override
    public Integer call() {
        RunDirectory run = RunDirectory.existing(runDir);
        TestTimeAugmentation views = tta.equals("auto") ? Evaluation.matchingTta(run) : TestTimeAugmentation.byName(tta);
        DataConfig saved = run.config().data();
        Path dir = DataLocator.standard().locate(dataDir != null ? dataDir : saved.dataDir()).dir();
        Evaluation.Result result = RunSteps.evaluate(run, FashionMnist.load(dir).test(), views, device.select());
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.metrics().render());
        String withTta = result.tta() == TestTimeAugmentation.NONE ? ""
                : String.format(" (%.4f with test-time augmentation '%s')", result.ttaAccuracy(), result.tta().id());
        out.printf("test accuracy %.4f%s; wrote %s, %s and %s%n", result.metrics().accuracy(), withTta,
                run.file(RunDirectory.CONFUSION), run.file(RunDirectory.MISTAKES), run.file(RunDirectory.REPORT));
        return 0;
    }
}
