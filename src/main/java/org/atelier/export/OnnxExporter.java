package org.atelier.export;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.Locale;
import org.atelier.data.ImageSet;
import org.atelier.models.Devices;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/**
 * `export --format onnx`: the run's network as an ONNX file, checked before it is written. ONNX
 * Runtime loads the serialised model and runs it on the check images beside Atelier's own
 * inference; only when every image gets the same class and every score is within
 * {@link ExportCheck#TOLERANCE} is the file written (through a temp file), so a file that exists
 * is one that was checked.
 */
public final class OnnxExporter {
    private OnnxExporter() {}

    /** What was written and how it compared. */
    public record Exported(Path file, long bytes, ExportCheck check) {}

    public static Exported export(RunDirectory run, Path target, ImageSet checkImages) {
        AtomicFiles.checkWritable(target);
        byte[] bytes;
        ExportCheck check;
        try (TrainedModel trained = TrainedModel.load(run)) {
            OnnxMl.ModelProto model = OnnxExport.of(run, trained.classifier().block());
            bytes = model.toByteArray();
            try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(bytes, Devices.threads())) {
                check = ExportCheck.compare(trained.classifier(), onnx, checkImages);
            }
        }
        if (!check.passes()) {
            throw new UserException(String.format(Locale.ROOT, "the export of %s does not match Atelier's own inference: "
                    + "%,d of %,d images get the same class, largest score difference %.2g (at most %.0g allowed); nothing written",
                    run.root(), check.sameClass(), check.images(), check.largestScoreDifference(), ExportCheck.TOLERANCE));
        }
        AtomicFiles.write(target, out -> out.write(bytes));
        return new Exported(target, bytes.length, check);
    }
}
