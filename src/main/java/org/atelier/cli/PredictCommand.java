package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.inference.BatchPredictionProvider;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.inference.InputFolders;
import org.atelier.inference.PredictionCsv;
import org.atelier.inference.OutputCalibration;
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
            description = "PNG/JPEG/GIF/BMP files, folders of them (the images directly in each, not its subfolders), or IDX image files (.gz or raw).")
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

    @Mixin
    EngineOption engine;

    @Option(names = "--tta", paramLabel = "MODE", defaultValue = "none",
            description = "Test-time augmentation: none, flip (average with the mirror image) or shift-flip "
                    + "(10 views: also moved one pixel in four directions) (default: ${DEFAULT-VALUE}).")
    String tta;

    @Option(names = "--runner", paramLabel = "KIND", defaultValue = "local",
            description = "local (this process) or spark (Spark tasks on --master: INPUT is one folder of images or a "
                    + "Parquet table of (id, bytes), --output a folder of Parquet or CSV files; an unreadable image is a "
                    + "row with an error) (default: ${DEFAULT-VALUE}).")
    String runner;

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "Spark runner: parquet or csv (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    CalibratedOption calibration;

    @Option(names = "--explain", paramLabel = "DIR",
            description = "Also write into DIR, for each predicted image, a PNG named after its id: the image with its "
                    + "Grad-CAM heatmap (where the network found the evidence for the predicted class) and the class and "
                    + "probability. PyTorch engine, local runner only.")
    Path explain;

    @Override
    public Integer call() {
        if (explain != null) {
            engine.requirePyTorch("--explain needs the PyTorch engine (gradients through the network)");
        }
        ImagePreprocessor.Background bg = ImagePreprocessor.Background.byName(background);
        RunDirectory run = RunDirectory.existing(runDir);
        switch (runner) {
            case "local" -> cluster.requireUnused(runner);
            case "spark" -> {
                if (explain != null) {
                    throw new UserException("--explain runs with the local runner: leave out --runner spark");
                }
                engine.requirePyTorch("--runner spark predicts with the PyTorch engine");
                return onSpark(run, bg);
            }
            default -> throw new UserException("--runner must be local or spark, got '" + runner + "'");
        }
        boolean toFile = output != null && !output.toString().equals("-");
        if (toFile) {
            AtomicFiles.checkWritable(output);
        }
        if (explain != null) {
            if (explain.toString().isBlank()) {
                throw new UserException("--explain needs a folder name");
            }
            createFolder(explain);
            AtomicFiles.checkWritable(explain.resolve("explain.png"));
        }
        PredictionJob job = new PredictionJob(new ImagePreprocessor(bg), TestTimeAugmentation.byName(tta),
                (explain != null ? engine.pytorch(device) : engine.loader(device)).calibrating(calibration.calibrated));
        if (explain != null) {
            job = job.explainingInto(explain);
        }
        PredictionJob.Result result = job.run(run, inputs);
        PrintWriter err = spec.commandLine().getErr();
        if (result.predictions().isEmpty() && result.skipped().size() == 1) {
            // One input and nothing from it (an empty folder, say): its reason is the error, as on Spark.
            throw new UserException(result.skipped().get(0));
        }
        for (String skipped : result.skipped()) {
            err.println("atelier: skipped " + skipped);
        }
        for (String warning : result.warnings()) {
            err.println("atelier: warning: " + warning);
        }
        if (result.predictions().isEmpty()) {
            throw new UserException("no input could be read, nothing predicted");
        }
        if (calibration.calibrated) {
            err.println(calibrationLine(result.calibration()));
        }
        if (result.explanationLayer() != null) {
            int n = result.predictions().size();
            err.printf(Locale.ROOT, "atelier: %,d heatmap%s written to %s (Grad-CAM of each predicted class, from the network's %s)%n",
                    n, n == 1 ? "" : "s", explain, result.explanationLayer());
        }
        String csv = PredictionCsv.of(result.predictions());
        if (toFile) {
            AtomicFiles.writeString(output, csv);
            err.printf(Locale.ROOT, "atelier: %d predictions written to %s%n", result.predictions().size(), output);
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

    /** What the probabilities written are, for standard error: calibrated with which T, or why not. */
    private static String calibrationLine(OutputCalibration c) {
        return "atelier: " + c.describe() + (c.calibrated() ? " (--no-calibrated for the network's own)" : "");
    }

    private static void createFolder(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new UserException("--explain: cannot create the folder " + dir + " (" + UserException.reason(e) + ")");
        }
    }

    /** Batch prediction by Spark tasks: INPUT and --output as given (paths or URIs Spark reads and writes). */
    private int onSpark(RunDirectory run, ImagePreprocessor.Background bg) {
        var parsed = spec.commandLine().getParseResult();
        List<String> given = parsed.matchedPositionals().stream().filter(p -> p.index().min() == 1)
                .flatMap(p -> p.originalStringValues().stream()).toList();
        if (given.size() != 1) {
            throw new UserException("--runner spark takes one INPUT (a folder of images, or a Parquet table of "
                    + "(id, bytes)), got " + given.size());
        }
        if (output == null || output.toString().equals("-")) {
            throw new UserException("--runner spark writes a folder: give it with --output");
        }
        if (!outputFormat.equals("parquet") && !outputFormat.equals("csv")) {
            throw new UserException("--output-format must be parquet or csv, got '" + outputFormat + "'");
        }
        String out = parsed.matchedOption("--output").originalStringValues().get(0);
        OutputCalibration applied = OutputCalibration.of(run, calibration.calibrated);
        BatchPredictionProvider.Summary summary = BatchPredictionProvider.named("spark").predict(
                new BatchPredictionProvider.Request(run.root(), given.get(0), out, outputFormat, bg, TestTimeAugmentation.byName(tta),
                        applied.calibrated() ? applied.temperature().getAsDouble() : null),
                cluster.settings(device.device), spec.commandLine().getOut());
        PrintWriter err = spec.commandLine().getErr();
        if (calibration.calibrated) {
            err.println(calibrationLine(applied));
        }
        err.printf(Locale.ROOT, "atelier: %,d images predicted, %,d unreadable (rows with an error), %.1f s (%,.0f images/s); written to %s%n",
                summary.predicted(), summary.failed(), summary.seconds(),
                (summary.predicted() + summary.failed()) / Math.max(summary.seconds(), 1e-9), out);
        if (summary.subfolders() > 0) {
            err.println("atelier: warning: " + InputFolders.subfoldersIgnored(given.get(0), summary.subfolders()));
        }
        long blank = summary.blank();
        if (blank > 0) {
            err.printf(Locale.ROOT, "atelier: warning: %,d of the predicted images %s blank after preprocessing (one flat tone at 28x28): "
                    + "%s nothing (rows with a warning)%n", blank, blank == 1 ? "is" : "are",
                    blank == 1 ? "its prediction means" : "their predictions mean");
        }
        err.flush();
        return summary.failed() == 0 ? 0 : EXIT_SOME_SKIPPED;
    }
}
