package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageSet;
import org.atelier.export.ExportCheck;
import org.atelier.export.OnnxExport;
import org.atelier.export.OnnxExporter;
import org.atelier.export.OnnxRuntimeModel;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a run's network as an ONNX model for other runtimes (ONNX Runtime, Triton, onnxruntime-web, ...): "
                + "one input '" + OnnxExport.INPUT + "', float32 [N,1,28,28], pixel values / 255 (light garment on dark, as "
                + "Fashion-MNIST); one output '" + OnnxExport.OUTPUT + "', float32 [N,10], the class scores (logits) in "
                + "label order; opset " + OnnxExport.OPSET + "; the class names and the run's provenance in its metadata.",
                "Before the file is written, ONNX Runtime runs it on test images beside Atelier's own inference: every "
                + "image must get the same class and every score agree within " + ExportCheck.TOLERANCE_TEXT + " of the image's largest, "
                + "or nothing is written."})
class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by `atelier train`.")
    Path runDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "onnx (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the model here, replacing the file atomically (default: RUN_DIR/" + RunDirectory.ONNX + ").")
    Path output;

    @Option(names = "--check", paramLabel = "N", defaultValue = "1000",
            description = "Test images to check the export on, from the first; 'all' checks every one of the 10,000 and "
                    + "sets the accuracy through ONNX Runtime beside the run's test_accuracy (default: ${DEFAULT-VALUE}).")
    String check;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST files (default: as for train).")
    Path dataDir;

    @Override
    public Integer call() {
        RunDirectory run = RunDirectory.existing(runDir);
        int images = checkImages();
        if (output != null && output.toString().equals("-")) {
            throw new UserException("export writes a file: give -o FILE (an ONNX model is binary, not for standard output)");
        }
        run.heldBy().ifPresent(holder -> AtelierCli.say(spec.commandLine().getErr(), run.root() + " is training now ("
                + holder + "): exporting the best epoch saved so far"));
        Path target = output != null ? output : run.file(RunDirectory.ONNX);
        DataConfig saved = run.config().data();
        ImageSet test = FashionMnist.load(DataLocator.standard().locate(dataDir != null ? dataDir : saved.dataDir()).dir()).test();
        ImageSet checked = images < 0 || images >= test.size() ? test : test.first(images);
        OnnxExporter.Exported exported = OnnxExporter.export(run, target, checked);
        ExportCheck c = exported.check();
        if (!exported.parameters().getFileName().toString().equals(RunDirectory.BEST_PARAMS)) {
            AtelierCli.say(spec.commandLine().getErr(), run.root() + " has no " + RunDirectory.BEST_PARAMS + ": exported "
                    + exported.parameters().getFileName() + ", the last epoch's weights");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes): ONNX opset %d, input '%s' float32 [N,1,28,28] (pixel values / 255), "
                + "output '%s' float32 [N,10] (class scores)%n", exported.file(), exported.bytes(), OnnxExport.OPSET, OnnxExport.INPUT, OnnxExport.OUTPUT);
        out.printf(Locale.ROOT, "checked with ONNX Runtime %s on %,d test images: %s%n", OnnxRuntimeModel.version(), c.images(),
                c.summary());
        if (checked.size() == test.size()) {
            String recorded = run.metrics().map(m -> m.testAccuracy()).map(a -> String.format(Locale.ROOT, "%.4f", a))
                    .orElse("not recorded (run `atelier evaluate` for it)");
            out.printf(Locale.ROOT, "test accuracy through ONNX Runtime %.4f; the run's test_accuracy %s%n", c.onnxAccuracy(), recorded);
        }
        return 0;
    }

    /** --check as a number of images (more than the test set's are all of them), -1 for all. */
    private int checkImages() {
        if (check.equals("all")) {
            return -1;
        }
        try {
            long n = Long.parseLong(check);
            if (n >= 1) {
                return (int) Math.min(n, Integer.MAX_VALUE);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new UserException("--check must be a number of test images, 1 or more, or 'all', got '" + check + "'");
    }
}
