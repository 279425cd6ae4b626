package org.atelier.export;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import ai.onnx.proto.OnnxMl;
import org.atelier.data.ImageSet;
import org.atelier.models.Devices;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/**
 * A run's network exported to ONNX and checked: ONNX Runtime loads the serialised model and runs
 * it on images beside Atelier's own inference ({@link ExportCheck}). `export` writes the file only
 * when the check passes (through a temp file), so a file that exists is one that was checked;
 * `--engine onnxruntime` serves only a model that passed it.
 */
public final class OnnxExporter {
    private OnnxExporter() {}

    /** What was written, from which parameter file, and how it compared. */
    public record Exported(Path file, long bytes, Path parameters, ExportCheck check) {}

    public static Exported export(RunDirectory run, Path target, ImageSet checkImages) {
        return export(run, target, checkImages, UnaryOperator.identity());
    }

    /** As {@link #export(RunDirectory, Path, ImageSet)}, the model changed by {@code alter} before the check (for tests). */
    static Exported export(RunDirectory run, Path target, ImageSet checkImages, UnaryOperator<OnnxMl.ModelProto> alter) {
        AtomicFiles.checkWritable(target);
        byte[] bytes;
        try (TrainedModel trained = TrainedModel.load(run);
             Checked checked = checked(run, trained, checkImages, alter)) {
            bytes = checked.model();
            requirePassed(run, checked.check(), "; nothing written");
            AtomicFiles.write(target, out -> out.write(bytes));
            return new Exported(target, bytes.length, trained.parameters(), checked.check());
        }
    }

    /** An exported model open in ONNX Runtime, with how it compared; close it to free the session. */
    public record Checked(byte[] model, OnnxRuntimeModel runtime, ExportCheck check) implements AutoCloseable {
        @Override
        public void close() {
            runtime.close();
        }
    }

    /** {@code trained} (the run's network, loaded) exported, opened in ONNX Runtime and compared on {@code images}. */
    public static Checked checked(RunDirectory run, TrainedModel trained, ImageSet images) {
        return checked(run, trained, images, UnaryOperator.identity());
    }

    private static Checked checked(RunDirectory run, TrainedModel trained, ImageSet images, UnaryOperator<OnnxMl.ModelProto> alter) {
        byte[] bytes = alter.apply(OnnxExport.of(run, trained.classifier().block())).toByteArray();
        OnnxRuntimeModel runtime = OnnxRuntimeModel.open(bytes, Devices.threads());
        try {
            return new Checked(bytes, runtime, ExportCheck.compare(trained.classifier(), runtime, images));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Refuses a check that did not pass, naming the run and how far off the export was. */
    public static void requirePassed(RunDirectory run, ExportCheck check, String consequence) {
        if (!check.passes()) {
            throw new UserException("the ONNX export of " + run.root() + " does not match Atelier's own inference: "
                    + check.summary() + consequence);
        }
    }
}
