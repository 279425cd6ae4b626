package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.inference.PredictionJob;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict the class of images with a trained run; writes CSV: id,label,class,probability and the ten class probabilities.",
                "Exit code 0 when every input was predicted, " + PredictCommand.EXIT_SOME_SKIPPED + " when some were skipped."})
class PredictCommand implements Callable<Integer> {
    static final int EXIT_SOME_SKIPPED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory written by `atelier train`.")
    Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT",
            description = "PNG/JPEG/GIF/BMP files, folders of them, or IDX image files (.gz or raw).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the CSV here, replacing the file atomically (through a link: the file it points to); "
                    + "'-' is standard output, as is the default.")
    Path output;

    @Option(names = "--background", paramLabel = "KIND",
            description = "auto, dark or light. Fashion-MNIST shows light objects on dark; 'light' (or auto, "
                    + "judging by the picture's border) inverts dark-on-light photos (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String background;

    @Mixin
    DeviceOption device;

    @Option(names = "--tta", paramLabel = "MODE", defaultValue = "none",
            description = "Test-time augmentation: none, flip (average with the mirror image) or shift-flip "
                    + "(10 views: also moved one pixel in four directions) (default: ${DEFAULT-VALUE}).")
    String tta;

    @Override
    public Integer call() {
        ImagePreprocessor.Background bg = switch (background) {
            case "auto" -> ImagePreprocessor.Background.AUTO;
            case "dark" -> ImagePreprocessor.Background.DARK;
            case "light" -> ImagePreprocessor.Background.LIGHT;
            default -> throw new UserException("--background must be auto, dark or light, got " + background);
        };
        RunDirectory run = RunDirectory.existing(runDir);
        PredictionJob.Result result = new PredictionJob(new ImagePreprocessor(bg), TestTimeAugmentation.byName(tta), device.select()).run(run, inputs);
        PrintWriter err = spec.commandLine().getErr();
        for (String skipped : result.skipped()) {
            err.println("atelier: skipped " + skipped);
        }
        for (String warning : result.warnings()) {
            err.println("atelier: warning: " + warning);
        }
        if (result.predictions().isEmpty()) {
            throw new UserException("no input could be read, nothing predicted");
        }
        String csv = PredictionJob.toCsv(result.predictions());
        if (output != null && !output.toString().equals("-")) {
            AtomicFiles.writeString(output, csv);
            err.printf("atelier: %d predictions written to %s%n", result.predictions().size(), output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
            if (out.checkError()) {
                throw new UserException("cannot write the predictions to standard output");
            }
        }
        err.flush();
        return result.skipped().isEmpty() ? 0 : EXIT_SOME_SKIPPED;
    }
}
