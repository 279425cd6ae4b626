package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate's calibration as a user meets it, on a short training run on the real Fashion-MNIST. */
@Tag("slow")
class CalibrationEvaluateTest {
    private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    private Path trainAndEvaluate(String validationFraction, String expectedLine) {
        assumeTrue(Files.isRegularFile(DATA.resolve("t10k-labels-idx1-ubyte.gz")), "Fashion-MNIST is not installed at " + DATA);
        Path run = tmp.resolve("run");
        DataCommandTest.Result trained = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "2000",
                "--validation-limit", "500", "--validation-fraction", validationFraction, "--run-dir", run.toString(),
                "--data", DATA.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        DataCommandTest.Result eval = DataCommandTest.run("evaluate", run.toString(), "--data", DATA.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(1, eval.out().lines().filter(l -> l.startsWith("calibration: ")).count(), eval.out());
        assertTrue(eval.out().contains(expectedLine), eval.out());
        assertTrue(eval.out().contains("; wrote evaluation.json, confusion-matrix.png, mistakes.png, mistakes-explained.png, "
                + "confused-pair-explained.png, reliability-diagram.png and report.html into " + run), eval.out());
        return run;
    }

    @Test
    void theTemperatureIsFittedOnTheWholeValidationSplitAndTheTestFiguresRecorded() throws Exception {
        Path run = trainAndEvaluate("0.2", "calibration: temperature ");
        JsonNode e = Json.MAPPER.readTree(run.resolve(RunDirectory.EVALUATION).toFile());
        double t = e.get("temperature").asDouble();
        assertTrue(t > 0.05 && t < 20, "inside the bracket searched: " + t);
        assertEquals(12_000, e.get("temperature_images").asInt(), "all of the 20% split, not training's 500-image limit");
        assertEquals(15, e.get("ece_bins").asInt());
        for (String key : new String[] {"reliability", "reliability_calibrated"}) {
            int images = 0;
            double ece = 0;
            for (JsonNode bin : e.get(key)) {
                images += bin.get("images").asInt();
                if (bin.get("images").asInt() > 0) {
                    ece += bin.get("images").asInt() * Math.abs(bin.get("accuracy").asDouble() - bin.get("confidence").asDouble());
                }
            }
            assertEquals(10_000, images, key + ": every test image in one bin");
            assertEquals(ece / 10_000, e.get(key.equals("reliability") ? "ece" : "ece_calibrated").asDouble(), 1e-9, key);
        }
        double nll = e.get("nll").asDouble();
        assertTrue(nll > 0 && nll < Math.log(10), "better than chance after an epoch: " + nll);
        assertTrue(e.get("nll_calibrated").asDouble() > 0);
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.RELIABILITY)));
        String report = Files.readString(run.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("<h3>Calibration</h3>") && report.contains("Dividing the logits by T = "), "report shows it");
    }

    @Test
    void aRunWithoutValidationSplitGetsNoTemperatureAndSaysSo() throws Exception {
        Path run = trainAndEvaluate("0", "calibration: no temperature, as the run has no validation split");
        JsonNode e = Json.MAPPER.readTree(run.resolve(RunDirectory.EVALUATION).toFile());
        assertTrue(e.get("temperature").isNull() && e.get("ece_calibrated").isNull() && e.get("nll_calibrated").isNull());
        assertTrue(e.get("ece").asDouble() >= 0 && e.get("nll").asDouble() > 0, "the test figures stand without a temperature");
        assertTrue(Files.readString(run.resolve(RunDirectory.REPORT)).contains("No temperature was fitted"));
    }
}
