package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class BenchCommandTest {
    @Test
    void jsonHasTheThroughputsFlopsAndConsistentGflops() throws Exception {
        DataCommandTest.Result r = DataCommandTest.run("bench", "--model", "baseline", "--steps", "4", "--warmup", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals("baseline", json.get("model").asText());
        assertEquals(5_262_080, json.get("flops_per_image").asLong());
        double train = json.get("train_images_per_second").asDouble();
        assertTrue(train > 0 && json.get("infer_images_per_second").asDouble() > 0
                && json.get("infer_images_per_second_batch1").asDouble() > 0);
        // A training step costs three forward passes (forward, and backward's two): 15.786 MFLOP per baseline image.
        assertEquals(0.01578624, json.get("achieved_gflops").asDouble() / train, 1e-9);
        double shares = json.get("step_share_network").asDouble() + json.get("step_share_waiting_for_data").asDouble()
                + json.get("step_share_copy_in").asDouble() + json.get("step_share_metrics").asDouble();
        assertTrue(shares > 0.9 && shares <= 1.0001, "the phases cover the step: " + shares);
    }

    /** The contention mode trains a second time beside busy threads and reports both; alone, its field is null. */
    @Test
    void besideLoadMeasuresTrainingAgainUnderAFixedCpuLoad() throws Exception {
        DataCommandTest.Result r = DataCommandTest.run("bench", "--steps", "3", "--warmup", "1", "--beside-load", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(1, json.get("load_threads").asInt());
        double alone = json.get("train_images_per_second").asDouble();
        double beside = json.get("train_images_per_second_beside_load").asDouble();
        // Measured again, so not the alone figure copied; a step beside a busy thread is not ten times faster than alone.
        assertTrue(beside > 0 && beside != alone && beside < 10 * alone, beside + " beside load, " + alone + " alone");
        DataCommandTest.Result unloaded = DataCommandTest.run("bench", "--steps", "2", "--warmup", "0", "--json");
        assertTrue(Json.MAPPER.readTree(unloaded.out()).get("train_images_per_second_beside_load").isNull());
        DataCommandTest.Result text = DataCommandTest.run("bench", "--steps", "2", "--warmup", "0", "--beside-load", "2");
        assertTrue(text.out().matches("(?s).*training beside 2 busy threads: [0-9,]+ images/s, [0-9]+% of alone\n.*"), text.out());
    }

    @Test
    void gpuRequestFallsBackToTheCpuWithAClearMessage() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0, "a GPU is present");
        DataCommandTest.Result r = DataCommandTest.run("bench", "--steps", "2", "--warmup", "0", "--device", "gpu", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("atelier: --device gpu: PyTorch sees no GPU"), r.err());
        DataCommandTest.Result bad = DataCommandTest.run("bench", "--device", "tpu");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("atelier: Invalid value for option '--device': expected one of [cpu, gpu, auto], got 'tpu'"), bad.err());
    }
}
