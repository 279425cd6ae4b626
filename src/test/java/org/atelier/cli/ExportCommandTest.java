package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atelier.export.OnnxRuntimeModel;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestData;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `atelier export` as a user runs it: a trained, evaluated run to an ONNX file that ONNX Runtime runs to the run's figures. */
@Tag("slow")
class ExportCommandTest {
    @TempDir
    Path tmp;

    private Path trainedRun() {
        Path run = tmp.resolve("run");
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "2000",
                "--validation-limit", "500", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, r.exitCode(), r.err());
        DataCommandTest.Result eval = DataCommandTest.run("evaluate", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, eval.exitCode(), eval.err());
        return run;
    }

    @Test
    void exportsAFileThatOnnxRuntimeRunsToTheRunsTestAccuracy() throws Exception {
        Path run = trainedRun();
        Path file = tmp.resolve("out").resolve("fashion.onnx");
        Files.createDirectories(file.getParent());
        DataCommandTest.Result r = DataCommandTest.run("export", run.toString(), "--format", "onnx", "-o", file.toString(),
                "--check", "all");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("the same class for all 10,000"), r.out());
        Matcher m = Pattern.compile("test accuracy through ONNX Runtime (\\S+); the run's test_accuracy (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        ObjectNode metrics = Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class);
        String recorded = String.format(Locale.ROOT, "%.4f", metrics.get("test_accuracy").asDouble());
        assertEquals(recorded, m.group(1));
        assertEquals(recorded, m.group(2));
        assertEquals(List.of("fashion.onnx"), Files.list(file.getParent()).map(p -> p.getFileName().toString()).toList(),
                "the file and no temp file beside it");

        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, 1)) {
            Map<String, String> meta = onnx.metadata();
            assertTrue(meta.get("classes").startsWith("[\"T-shirt/top\",\"Trouser\","), meta.get("classes"));
            assertEquals(Files.readString(run.resolve(RunDirectory.CONFIG)), meta.get("config"));
            assertEquals(recorded, meta.get("test_accuracy"));
            assertEquals("baseline", meta.get("model"));
            assertTrue(meta.get("data_sha256").contains("t10k-images-idx3-ubyte"), meta.get("data_sha256"));
            assertTrue(meta.get("preprocessing").contains("/ 255"), meta.get("preprocessing"));
        }

        DataCommandTest.Result byDefault = DataCommandTest.run("export", run.toString(), "--check", "50");
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        assertTrue(Files.isRegularFile(run.resolve("model.onnx")), "RUN_DIR/model.onnx by default");
        assertTrue(byDefault.out().contains("on 50 test images: the same class for all 50"), byDefault.out());
        assertFalse(byDefault.out().contains("test accuracy through"), "only a check of all 10,000 gives the accuracy");
    }

    /** predict through ONNX Runtime gives PyTorch's classes and, to the CSV's digits, its probabilities. */
    @Test
    void predictThroughOnnxRuntimeGivesThePyTorchEnginesAnswers() throws Exception {
        Path run = trainedRun();
        Path source = org.atelier.data.FashionMnist.DataFile.TEST_IMAGES.locate(TestData.dataDir());
        Path images = Files.copy(source, tmp.resolve(source.getFileName()));
        for (String views : List.of("none", "flip")) {
            Path torch = tmp.resolve("torch-" + views + ".csv");
            Path onnx = tmp.resolve("onnx-" + views + ".csv");
            DataCommandTest.Result a = DataCommandTest.run("predict", run.toString(), images.toString(), "-o", torch.toString(),
                    "--tta", views);
            assertEquals(0, a.exitCode(), a.err());
            DataCommandTest.Result b = DataCommandTest.run("predict", run.toString(), images.toString(), "-o", onnx.toString(),
                    "--engine", "onnxruntime", "--tta", views);
            assertEquals(0, b.exitCode(), b.err());
            List<String> torchRows = Files.readAllLines(torch);
            List<String> onnxRows = Files.readAllLines(onnx);
            assertEquals(10_001, onnxRows.size());
            for (int i = 1; i < torchRows.size(); i++) {
                String[] t = torchRows.get(i).split(",");
                String[] o = onnxRows.get(i).split(",");
                assertEquals(t[0] + "," + t[1] + "," + t[2], o[0] + "," + o[1] + "," + o[2], views + " row " + i + ": id, label, class");
                for (int k = 3; k < t.length; k++) {
                    double d = Math.abs(Double.parseDouble(t[k]) - Double.parseDouble(o[k]));
                    assertTrue(d <= 1e-5, views + " row " + i + " column " + k + ": " + t[k] + " against " + o[k]);
                }
            }
        }

        DataCommandTest.Result gpu = DataCommandTest.run("predict", run.toString(), images.toString(), "--engine", "onnxruntime",
                "--device", "gpu");
        assertEquals(1, gpu.exitCode());
        assertEquals("atelier: --engine onnxruntime runs on the CPU: leave out --device gpu, or use --engine pytorch", gpu.err().strip());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path notARun = Files.createDirectories(tmp.resolve("empty"));
        DataCommandTest.Result r = DataCommandTest.run("export", notARun.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a run directory") || r.err().contains("config.json"), r.err());

        DataCommandTest.Result format = DataCommandTest.run("export", notARun.toString(), "--format", "tflite");
        assertEquals(2, format.exitCode(), format.err());
        assertTrue(format.err().contains("tflite"), format.err());

        Path run = trainedRun();
        for (String bad : List.of("0", "-3", "many")) {
            DataCommandTest.Result c = DataCommandTest.run("export", run.toString(), "--check", bad);
            assertEquals(1, c.exitCode(), bad);
            assertEquals("atelier: --check must be a number of test images, 1 or more, or 'all', got '" + bad + "'", c.err().strip());
        }
        DataCommandTest.Result stdout = DataCommandTest.run("export", run.toString(), "-o", "-");
        assertEquals(1, stdout.exitCode());
        assertEquals("atelier: export writes a file: give -o FILE (an ONNX model is binary, not for standard output)",
                stdout.err().strip());
        assertFalse(Files.exists(Path.of("-")));
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        DataCommandTest.Result dir = DataCommandTest.run("export", run.toString(), "-o", aFile.resolve("m.onnx").toString());
        assertEquals(1, dir.exitCode());
        assertEquals(1, dir.err().strip().lines().count(), dir.err());
        assertTrue(dir.err().startsWith("atelier: cannot write " + aFile.resolve("m.onnx")), dir.err());
    }
}
