package org.atelier.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.data.ImageSet;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check before writing: an export that does not match Atelier's inference leaves no file. */
@Tag("slow")
class OnnxExporterTest {
    @TempDir
    Path tmp;

    @Test
    void anExportThatDiffersIsRefusedAndNothingIsWritten() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        RunSteps.train(TestRuns.smallBaseline(1), TestRuns.data(), run, false, ProgressListener.SILENT, Device.cpu(), "test");
        ImageSet images = TestRuns.data().test().first(200);
        Path target = tmp.resolve("out").resolve("m.onnx");

        OnnxExporter.Exported right = OnnxExporter.export(run, target, images);
        assertTrue(right.check().passes(), right.check().toString());
        assertEquals(Files.size(target), right.bytes());
        Files.delete(target);

        // the last dense layer's bias raised by 0.01: every score moves, no class need change
        UserException e = assertThrows(UserException.class, () -> OnnxExporter.export(run, target, images, model -> {
            OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
            int last = graph.getInitializerCount() - 1;
            OnnxMl.TensorProto.Builder bias = graph.getInitializer(last).toBuilder();
            assertTrue(bias.getName().startsWith("dense.bias"), bias.getName());
            for (int i = 0; i < bias.getFloatDataCount(); i++) {
                bias.setFloatData(i, bias.getFloatData(i) + 0.01f);
            }
            if (bias.getFloatDataCount() == 0) {
                java.nio.FloatBuffer values = bias.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                java.nio.ByteBuffer raised = java.nio.ByteBuffer.allocate(values.remaining() * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                while (values.hasRemaining()) {
                    raised.putFloat(values.get() + 0.01f);
                }
                bias.setRawData(com.google.protobuf.ByteString.copyFrom(raised.array()));
            }
            return model.toBuilder().setGraph(graph.setInitializer(last, bias)).build();
        }));
        assertTrue(e.getMessage().startsWith("the ONNX export of " + run.root() + " does not match Atelier's own inference: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; nothing written"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var left = Files.list(target.getParent())) {
            assertEquals(0, left.count(), "no temp file either");
        }
    }
}
