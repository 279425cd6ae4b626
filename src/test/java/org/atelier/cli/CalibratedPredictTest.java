package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.atelier.data.ImageSet;
import org.atelier.inference.InferenceEngine;
import org.atelier.inference.ModelLoader;
import org.atelier.run.RunDirectory;
import org.atelier.serving.PredictionServer;
import org.atelier.serving.ServeConfig;
import org.atelier.testing.TestData;
import org.atelier.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict and serve with the temperature evaluate fitted, on a run trained for one epoch on 2,000
 * images and evaluated: the calibrated probabilities are the network's own to the power 1/T,
 * renormalised, and the class stays.
 */
@Tag("slow")
class CalibratedPredictTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path images;
    static double temperature;

    @BeforeAll
    static void trainEvaluateAndDrawImages() throws Exception {
        run = tmp.resolve("run");
        DataCommandTest.Result trained = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "2000",
                "--validation-limit", "500", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, trained.exitCode(), trained.err());
        DataCommandTest.Result eval = DataCommandTest.run("evaluate", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, eval.exitCode(), eval.err());
        temperature = new RunDirectory(run).evaluation().orElseThrow().calibrationTemperature().orElseThrow();
        ImageSet test = TestData.real().test();
        images = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 16; i++) {
            Files.write(images.resolve(String.format(Locale.ROOT, "item%02d.png", i)), png(test, i));
        }
    }

    private static byte[] png(ImageSet set, int i) throws Exception {
        BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            png.getRaster().setSample(p % 28, p / 28, 0, set.pixels()[i * 784 + p] & 0xff);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(png, "png", out);
        return out.toByteArray();
    }

    /** The CSV's rows without the header, split into fields. */
    private static List<String[]> rows(String csv) {
        return csv.lines().skip(1).map(l -> l.split(",")).toList();
    }

    /** p^(1/T) renormalised, of a row's ten probabilities, from the six decimals the CSV gives. */
    private static double[] calibrated(String[] row) {
        double[] q = new double[10];
        double total = 0;
        for (int k = 0; k < 10; k++) {
            q[k] = Math.pow(Double.parseDouble(row[4 + k]), 1 / temperature);
            total += q[k];
        }
        for (int k = 0; k < 10; k++) {
            q[k] /= total;
        }
        return q;
    }

    private static void assertCalibratedOf(List<String[]> raw, List<String[]> calibrated) {
        assertEquals(raw.size(), calibrated.size());
        for (int i = 0; i < raw.size(); i++) {
            assertEquals(raw.get(i)[0], calibrated.get(i)[0]);
            assertEquals(raw.get(i)[1], calibrated.get(i)[1], "the class never changes with T > 0");
            double[] expected = calibrated(raw.get(i));
            for (int k = 0; k < 10; k++) {
                // the raw CSV's rounding to 6 decimals moves p^(1/T) a little: a few 1e-7 for T near 1
                assertEquals(expected[k], Double.parseDouble(calibrated.get(i)[4 + k]), 2e-6, raw.get(i)[0] + ", class " + k);
            }
            assertEquals(calibrated.get(i)[4 + Integer.parseInt(calibrated.get(i)[1])], calibrated.get(i)[3], "the top probability");
        }
    }

    @Test
    void predictSaysItCalibratesAndItsProbabilitiesArePowersOfTheNetworksOwn() {
        DataCommandTest.Result on = DataCommandTest.run("predict", run.toString(), images.toString());
        DataCommandTest.Result off = DataCommandTest.run("predict", run.toString(), images.toString(), "--no-calibrated");

        assertEquals(0, on.exitCode(), on.err());
        assertEquals(0, off.exitCode(), off.err());
        assertEquals(String.format(Locale.ROOT, "atelier: probabilities calibrated with temperature %.3f, fitted on the run's "
                + "validation split (--no-calibrated for the network's own)", temperature), on.err().strip());
        assertEquals("", off.err().strip(), "nothing to say when the network's own are asked for");
        assertTrue(Math.abs(temperature - 1) > 1e-3, "a temperature that changes the probabilities: " + temperature);
        assertCalibratedOf(rows(off.out()), rows(on.out()));
        assertFalse(off.out().equals(on.out()));
    }

    @Test
    void withTestTimeViewsTheTemperatureAppliesToTheirAverage() {
        DataCommandTest.Result on = DataCommandTest.run("predict", run.toString(), images.toString(), "--tta", "flip");
        DataCommandTest.Result off = DataCommandTest.run("predict", run.toString(), images.toString(), "--tta", "flip",
                "--no-calibrated");

        assertEquals(0, on.exitCode(), on.err());
        assertEquals(0, off.exitCode(), off.err());
        assertCalibratedOf(rows(off.out()), rows(on.out()));
    }

    @Test
    void serveReportsTheTemperatureAtStartInTheMetadataAndInItsAnswers() throws Exception {
        StringWriter log = new StringWriter();
        ServeConfig config = new ServeConfig("127.0.0.1", 0, 8, 0, 16, 1 << 20, null);
        ModelLoader loader = new ModelLoader(InferenceEngine.DEFAULT, Device.cpu());
        HttpClient client = HttpClient.newHttpClient();
        byte[] image = Files.readAllBytes(images.resolve("item00.png"));
        String[] expected = rows(DataCommandTest.run("predict", run.toString(), images.resolve("item00.png").toString()).out()).get(0);
        try (PredictionServer server = PredictionServer.start(config, Map.of("m", new RunDirectory(run)), loader.calibrating(true),
                new PrintWriter(log))) {
            assertTrue(log.toString().contains(String.format(Locale.ROOT, "; probabilities calibrated with temperature %.3f, "
                    + "fitted on the run's validation split", temperature)), log.toString());
            JsonNode meta = get(client, server, "v2/models/m");
            assertTrue(meta.path("parameters").path("calibrated").asBoolean(), meta.toString());
            assertEquals(temperature, meta.path("parameters").path("temperature").asDouble(), 0);
            JsonNode answer = Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(server.address().resolve("predictions/m"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(answer.path("calibrated").asBoolean(), answer.toString());
            assertEquals(temperature, answer.path("temperature").asDouble(), 0);
            assertEquals(Integer.parseInt(expected[1]), answer.path("label").asInt());
            assertEquals(Double.parseDouble(expected[3]), answer.path("probability").asDouble(), 2e-6, "predict's calibrated probability");
        }
        StringWriter rawLog = new StringWriter();
        try (PredictionServer server = PredictionServer.start(config, Map.of("m", new RunDirectory(run)), loader.calibrating(false),
                new PrintWriter(rawLog))) {
            assertTrue(rawLog.toString().contains("; the network's own probabilities, not calibrated: --no-calibrated was given"),
                    rawLog.toString());
            JsonNode meta = get(client, server, "v2/models/m");
            assertFalse(meta.path("parameters").path("calibrated").asBoolean(true), meta.toString());
            assertTrue(meta.path("parameters").path("temperature").isMissingNode(), meta.toString());
        }
    }

    private static JsonNode get(HttpClient client, PredictionServer server, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }
}
