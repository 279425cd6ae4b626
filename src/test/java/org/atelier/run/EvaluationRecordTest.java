package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.atelier.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationRecordTest {
    @TempDir
    Path tmp;

    /** The calibration figures go out under their documented names and come back as written. */
    @Test
    void calibrationFiguresRoundTripThroughEvaluationJson() throws Exception {
        List<ReliabilityBin> before = List.of(new ReliabilityBin(0, 0.5, 0, null, null), new ReliabilityBin(0.5, 1, 4, 0.9, 0.75));
        List<ReliabilityBin> after = List.of(new ReliabilityBin(0, 0.5, 1, 0.45, 0.0), new ReliabilityBin(0.5, 1, 3, 0.8, 1.0));
        EvaluationRecord written = new EvaluationRecord(0.75, "none", 0.75, 4, 1000, null, List.of(), 1.5, 12_000, 2, 0.15,
                0.1, 0.6, 0.5, before, after, 0.07, 0.03, "11x11 map of 64 channels");
        RunDirectory run = new RunDirectory(tmp);
        run.writeEvaluation(written);

        JsonNode file = Json.MAPPER.readTree(run.file(RunDirectory.EVALUATION).toFile());
        assertEquals(1.5, file.get("temperature").asDouble());
        assertEquals(12_000, file.get("temperature_images").asInt());
        assertEquals(2, file.get("ece_bins").asInt());
        assertEquals(0.15, file.get("ece").asDouble());
        assertEquals(0.1, file.get("ece_calibrated").asDouble());
        assertEquals(0.6, file.get("nll").asDouble());
        assertEquals(0.5, file.get("nll_calibrated").asDouble());
        assertEquals(0.07, file.get("ece_tta").asDouble());
        assertEquals(0.03, file.get("ece_tta_calibrated").asDouble());
        assertEquals("11x11 map of 64 channels", file.get("explanation_layer").asText());
        JsonNode bin = file.get("reliability").get(1);
        assertEquals("{\"lower\":0.5,\"upper\":1.0,\"images\":4,\"confidence\":0.9,\"accuracy\":0.75}", bin.toString());
        assertTrue(file.get("reliability").get(0).get("confidence").isNull(), "an empty bin has no mean");

        EvaluationRecord read = run.evaluation().orElseThrow();
        assertEquals(written, read);
        assertEquals(OptionalDouble.of(1.5), read.calibrationTemperature());
    }

    /** An evaluation.json from before calibration was measured still reads: its calibration figures are null. */
    @Test
    void anOlderFileReadsWithoutCalibration() throws Exception {
        RunDirectory run = new RunDirectory(tmp);
        Files.writeString(run.file(RunDirectory.EVALUATION), """
                {"test_accuracy": 0.9, "tta": "none", "test_accuracy_tta": 0.9, "test_images": 10000,
                 "inference_images_per_second": 2000.0, "most_confident_mistakes": []}
                """);
        EvaluationRecord read = run.evaluation().orElseThrow();
        assertEquals(0.9, read.testAccuracy());
        assertNull(read.temperature());
        assertNull(read.ece());
        assertNull(read.eceCalibrated());
        assertNull(read.nll());
        assertNull(read.nllCalibrated());
        assertNull(read.eceBins());
        assertNull(read.reliability());
        assertEquals(OptionalDouble.empty(), read.calibrationTemperature());
    }
}
