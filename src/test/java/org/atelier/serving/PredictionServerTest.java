package org.atelier.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.atelier.inference.ModelLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atelier.config.TrainConfig;
import org.atelier.data.ImageSet;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.testing.TestRuns;
import org.atelier.testing.TestImages;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a free loopback port, with a run trained for the purpose: every endpoint, and hostile input. */
@Tag("slow")
class PredictionServerTest {
    @TempDir
    static Path tmp;
    static PredictionServer server;
    static URI base;
    static RunDirectory run;
    static ImageSet test;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String MODEL = "small";

    @BeforeAll
    static void trainAndServe() {
        run = new RunDirectory(tmp.resolve("run"));
        TrainConfig config = TestRuns.smallBaseline(1);
        RunSteps.train(config, TestRuns.data(), run, false, ProgressListener.SILENT, Device.cpu(), "test");
        test = TestRuns.data().test();
        ServeConfig serve = new ServeConfig("127.0.0.1", 0, 32, 20, 256, 1 << 20, null);
        server = PredictionServer.start(serve, Map.of(MODEL, run), ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter()));
        base = server.address();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The endpoints printed at start name the served model and answer: each GET listed is a 200. */
    @Test
    void theEndpointsListedAtStartNameTheModelAndAnswer() throws Exception {
        List<String> lines = server.endpoints();
        assertTrue(lines.contains(String.format("%-4s %-30s %s", "POST", "/predictions/small",
                "image files (multipart) -> classes (JSON)")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("POST /v2/models/small/infer ")), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains("{")), "no placeholder is left: " + lines);
        int gets = 0;
        for (String line : lines) {
            if (line.startsWith("GET ")) {
                String path = line.substring(5).trim().split(" ")[0];
                assertEquals(200, get(path.substring(1)).statusCode(), path);
                gets++;
            }
        }
        assertEquals(5, gets, "ping, metrics, models, v2 metadata and the page");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return post(base, path, contentType, body);
    }

    /** A POST to another server than the class's. */
    static HttpResponse<String> post(URI server, String path, String contentType, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Exchanges.JSON.readTree(r.body());
    }

    /** Test image i as a PNG file's bytes. */
    static byte[] png(int i) throws Exception {
        return org.atelier.data.ImageExport.png(test, i);
    }

    /** The model's own probabilities for test images 0..n-1, computed without the server. */
    static float[][] direct(int n) {
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        try (TrainedModel model = TrainedModel.load(run)) {
            return model.classifier().probabilities(test.subset(first));
        }
    }

    static String inferBody(int n, String datatype, List<Integer> shape, int classification) {
        ObjectNode request = Exchanges.JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject().put("name", "images").put("datatype", datatype);
        ArrayNode dims = input.putArray("shape");
        shape.forEach(dims::add);
        ArrayNode data = input.putArray("data");
        for (int i = 0; i < n * 784; i++) {
            int v = test.pixels()[i] & 0xff;
            if (datatype.equals("UINT8")) {
                data.add(v);
            } else {
                data.add(v / 255f);
            }
        }
        if (classification > 0) {
            request.putArray("outputs").addObject().put("name", "probabilities").putObject("parameters").put("classification", classification);
        }
        return request.toString();
    }

    @Test
    void healthAndMetadataFollowTheV2Protocol() throws Exception {
        assertEquals(200, get("ping").statusCode());
        assertEquals("{\"live\":true}", get("v2/health/live").body());
        assertEquals("{\"ready\":true}", get("v2/health/ready").body());
        JsonNode server = json(get("v2"));
        assertEquals("atelier", server.get("name").asText());
        assertEquals("classification", server.get("extensions").get(0).asText());
        JsonNode model = json(get("v2/models/" + MODEL));
        assertEquals(MODEL, model.get("name").asText());
        assertEquals("[-1,1,28,28]", model.get("inputs").get(0).get("shape").toString());
        assertEquals("[-1,10]", model.get("outputs").get(0).get("shape").toString());
        String version = model.get("versions").get(0).asText();
        assertTrue(version.matches("[0-9a-f]{12}"), version);
        assertEquals(200, get("v2/models/" + MODEL + "/versions/" + version).statusCode());
        assertEquals(404, get("v2/models/" + MODEL + "/versions/000000000000").statusCode());
        assertEquals(200, get("v2/models/" + MODEL + "/ready").statusCode());
    }

    @Test
    void inferGivesTheModelsOwnProbabilitiesForFp32AndUint8() throws Exception {
        float[][] expected = direct(3);
        for (String type : List.of("FP32", "UINT8")) {
            List<Integer> shape = type.equals("FP32") ? List.of(3, 1, 28, 28) : List.of(3, 784);
            HttpResponse<String> r = post("v2/models/" + MODEL + "/infer", "application/json",
                    inferBody(3, type, shape, 0).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode out = json(r).get("outputs").get(0);
            assertEquals("[3,10]", out.get("shape").toString());
            for (int i = 0; i < 30; i++) {
                assertEquals(expected[i / 10][i % 10], out.get("data").get(i).floatValue(), 1e-5, type + " value " + i);
            }
        }
        HttpResponse<String> top = post("v2/models/" + MODEL + "/infer", "application/json",
                inferBody(1, "UINT8", List.of(1, 784), 2).getBytes(StandardCharsets.UTF_8));
        JsonNode classes = json(top).get("outputs").get(0);
        assertEquals("BYTES", classes.get("datatype").asText());
        int best = org.atelier.models.Classifier.argMax(expected[0]);
        assertTrue(classes.get("data").get(0).asText().matches("0\\.\\d+:" + best + ":" + org.atelier.data.FashionClass.nameOf(best)
                .replace("/", "\\/")), classes.toString());
    }

    /** The same run served through ONNX Runtime (exported in memory) answers with PyTorch's probabilities. */
    @Test
    void onnxRuntimeServesThePyTorchEnginesProbabilities() throws Exception {
        float[][] expected = direct(3);
        StringWriter log = new StringWriter();
        try (PredictionServer onnx = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 8, 0, 16, 1 << 20, null),
                Map.of(MODEL, run), new ModelLoader(org.atelier.inference.InferenceEngine.ONNXRUNTIME, Device.cpu()),
                new PrintWriter(log))) {
            assertTrue(log.toString().contains("on onnxruntime"), log.toString());
            HttpResponse<String> meta = CLIENT.send(HttpRequest.newBuilder(onnx.address().resolve("v2/models/" + MODEL)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("onnxruntime_onnx", json(meta).get("platform").asText(), meta.body());
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(onnx.address().resolve("v2/models/" + MODEL + "/infer"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(inferBody(3, "FP32", List.of(3, 1, 28, 28), 0))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode out = json(r).get("outputs").get(0);
            for (int i = 0; i < 30; i++) {
                assertEquals(expected[i / 10][i % 10], out.get("data").get(i).floatValue(), 1e-5, "value " + i);
            }
            // explanations need the run's DJL network, loaded on the first request that asks for one
            JsonNode pytorch = json(post("predictions/" + MODEL + "?explain=true", "image/png", png(0))).get("explanation");
            for (int round = 0; round < 2; round++) {
                HttpResponse<String> explained = post(onnx.address(), "predictions/" + MODEL + "?explain=true", "image/png", png(0));
                assertEquals(200, explained.statusCode(), explained.body());
                JsonNode map = json(explained).get("explanation");
                assertMap(map);
                for (int p = 0; p < 784; p++) {
                    assertEquals(pytorch.get(p).asDouble(), map.get(p).asDouble(), 0.0015, "the PyTorch server's map, pixel " + p);
                }
            }
        }
    }

    @Test
    void imageFilesAreAnsweredWithTheirTopClassesAndThePictureSeen() throws Exception {
        float[][] expected = direct(2);
        HttpResponse<String> r = post("predictions/" + MODEL + "?top=3&pixels", "image/png", png(0));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = json(r);
        assertEquals(org.atelier.models.Classifier.argMax(expected[0]), answer.get("label").asInt());
        assertEquals(expected[0][answer.get("label").asInt()], answer.get("probability").floatValue(), 1e-5);
        assertEquals(3, answer.get("top").size());
        assertEquals(784, answer.get("pixels").size());
        assertEquals(test.pixels()[300] & 0xff, answer.get("pixels").get(300).asInt(), "the 28x28 picture the model saw");

        JsonNode several = json(postForm("predictions/" + MODEL,
                new Object[][] {{"one.png", png(0)}, {"bad.png", "not a picture".getBytes()}, {"two.png", png(1)}}));
        JsonNode list = several.get("predictions");
        assertEquals(3, list.size());
        assertEquals(org.atelier.models.Classifier.argMax(expected[1]), list.get(2).get("label").asInt());
        assertEquals("bad.png: not an image in a format Java reads (PNG, JPEG, GIF, BMP)", list.get(1).get("error").asText());
    }

    /** A multipart form of files, each {name, bytes}, posted to {@code path}. */
    static HttpResponse<String> postForm(String path, Object[][] files) throws Exception {
        String boundary = "b0undary";
        java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
        for (Object[] part : files) {
            form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + part[0]
                    + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            form.write((byte[]) part[1]);
            form.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        form.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(path, "multipart/form-data; boundary=" + boundary, form.toByteArray());
    }

    /**
     * ?explain=true adds to each answer the Grad-CAM map of its class (784 values in [0,1], its
     * maximum 1 unless it is all 0) and changes nothing else; false is as if absent; another value is a 400.
     */
    @Test
    void explainAddsTheMapOfTheClassAnsweredAndNothingElse() throws Exception {
        Object[][] files = {{"a.png", png(0)}, {"b.png", png(1)}, {"c.png", png(2)}};
        JsonNode plain = json(postForm("predictions/" + MODEL + "?top=3", files)).get("predictions");
        JsonNode off = json(postForm("predictions/" + MODEL + "?top=3&explain=false", files)).get("predictions");
        HttpResponse<String> r = postForm("predictions/" + MODEL + "?top=3&explain=true", files);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode explained = json(r).get("predictions");
        assertEquals(plain, off, "explain=false answers as without it");
        assertEquals(3, explained.size());
        for (int i = 0; i < 3; i++) {
            JsonNode answer = explained.get(i);
            assertFalse(plain.get(i).has("explanation"));
            assertEquals(plain.get(i).get("label"), answer.get("label"), "image " + i);
            assertEquals(plain.get(i).get("top").toString().replaceAll("\"probability\":[^,}]+", ""),
                    answer.get("top").toString().replaceAll("\"probability\":[^,}]+", ""), "the same classes, image " + i);
            assertMap(answer.get("explanation"));
        }
        JsonNode one = json(post("predictions/" + MODEL + "?explain=true", "image/png", png(0)));
        assertEquals(explained.get(0).get("explanation"), one.get("explanation"), "one image alone gets the same map");
        for (String bad : List.of("yes", "TRUE", "1", "")) {
            assertError(post("predictions/" + MODEL + "?explain=" + bad, "image/png", png(0)), 400, "explain must be true or false");
        }
        assertError(post("predictions/" + MODEL + "?explain", "image/png", png(0)), 400, "explain must be true or false");
        Object[][] many = new Object[65][];
        for (int i = 0; i < many.length; i++) {
            many[i] = new Object[] {"p" + i + ".png", png(i % 3)};
        }
        assertError(postForm("predictions/" + MODEL + "?explain=true", many), 400,
                "explain=true takes at most 64 images per request, got 65");
        assertEquals(200, postForm("predictions/" + MODEL, many).statusCode(), "without explain=true the same request is answered");

        // explanations beside plain requests, all at once: each answered as alone
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> together = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String query = i % 2 == 0 ? "?explain=true" : "";
                together.add(clients.submit(() -> json(post("predictions/" + MODEL + query, "image/png", png(0)))));
            }
            for (int i = 0; i < 16; i++) {
                JsonNode answer = together.get(i).get();
                assertEquals(one.get("label"), answer.get("label"), "request " + i);
                if (i % 2 == 0) {
                    assertEquals(one.get("explanation"), answer.get("explanation"), "request " + i);
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * On ONNX Runtime the DJL network for explanations is loaded on the first one: if the run's
     * parameters have changed since the server started (it went on training), that is a 409, not a
     * map of weights other than those served.
     */
    @Test
    void onOnnxRuntimeParametersChangedSinceTheStartAreNotExplained() throws Exception {
        Path copy = java.nio.file.Files.createDirectories(tmp.resolve("changing-run"));
        try (var files = java.nio.file.Files.list(run.root())) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        RunDirectory changing = new RunDirectory(copy);
        try (PredictionServer onnx = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 8, 0, 16, 1 << 20, null),
                Map.of(MODEL, changing), new ModelLoader(org.atelier.inference.InferenceEngine.ONNXRUNTIME, Device.cpu()),
                new PrintWriter(new StringWriter()))) {
            Path parameters = changing.parametersForInference();
            byte[] bytes = java.nio.file.Files.readAllBytes(parameters);
            bytes[bytes.length - 1] ^= 1;
            java.nio.file.Files.write(parameters, bytes);
            assertError(post(onnx.address(), "predictions/" + MODEL + "?explain=true", "image/png", png(0)), 409, "the run's parameters have changed since the server started");
        }
    }

    /** 784 numbers in [0,1] whose maximum is 1, or all 0. */
    static void assertMap(JsonNode map) {
        assertEquals(784, map.size());
        double max = 0;
        for (JsonNode v : map) {
            assertTrue(v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1, v.toString());
            max = Math.max(max, v.asDouble());
        }
        assertTrue(max == 1 || max == 0, "maximum " + max);
    }

    /** 24 clients at once get what each would get alone, and the batcher really put some together. */
    @Test
    void concurrentAnswersEqualOneAtATimeAnswers() throws Exception {
        int n = 24;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(png(i));
        }
        List<String> alone = new ArrayList<>();
        for (byte[] body : bodies) {
            alone.add(json(post("predictions/" + MODEL + "?top=10", "image/png", body)).get("top").toString());
        }
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> together = new ArrayList<>();
            for (byte[] body : bodies) {
                together.add(clients.submit(() -> json(post("predictions/" + MODEL + "?top=10", "image/png", body)).get("top").toString()));
            }
            for (int i = 0; i < n; i++) {
                assertTopsClose(alone.get(i), together.get(i).get());
            }
        } finally {
            clients.shutdownNow();
        }
        String metrics = get("metrics").body();
        long single = bucket(metrics, "1");
        long all = bucket(metrics, "+Inf");
        assertTrue(all > single, "some forward passes held more than one image:\n" + metrics);
    }

    @Test
    void theLoadGeneratorCountsEveryAnswer() throws Exception {
        LoadGenerator.Result r = LoadGenerator.run(base.resolve("predictions/" + MODEL), "image/png", List.of(png(0), png(1)), 4, 60,
                Duration.ofSeconds(30));
        assertEquals(60, r.requests());
        assertEquals(0, r.failed());
        assertTrue(r.p50Millis() > 0 && r.p99Millis() >= r.p50Millis() && r.requestsPerSecond() > 0, r.toString());
        LoadGenerator.Result refused = LoadGenerator.run(base.resolve("predictions/nobody"), "image/png", List.of(png(0)), 2, 10,
                Duration.ofSeconds(30));
        assertEquals(10, refused.failed(), "a 404 is a failed request");
    }

    private static void assertTopsClose(String alone, String together) throws Exception {
        JsonNode a = Exchanges.JSON.readTree(alone);
        JsonNode b = Exchanges.JSON.readTree(together);
        for (int k = 0; k < 10; k++) {
            assertEquals(a.get(k).get("label").asInt(), b.get(k).get("label").asInt());
            assertEquals(a.get(k).get("probability").floatValue(), b.get(k).get("probability").floatValue(), 1e-5);
        }
    }

    private static long bucket(String metrics, String le) {
        return metrics.lines().filter(l -> l.startsWith("atelier_batch_size_bucket{model=\"" + MODEL + "\",le=\"" + le + "\"}"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void hostileInputGetsClearJsonErrorsAndTheServerGoesOn() throws Exception {
        String infer = "v2/models/" + MODEL + "/infer";
        assertError(post("predictions/" + MODEL, "image/png", "hello".getBytes()), 415, "not an image");
        byte[] whole = png(0);
        assertError(post("predictions/" + MODEL, "image/png", Arrays.copyOf(whole, whole.length / 2)), 415, "unreadable image");
        assertError(post("predictions/" + MODEL, "image/png", TestImages.pngDeclaring(20_000, 20_000)), 415,
                "20,000 x 20,000 pixels is more than the 200 megapixels");
        assertError(post(infer, "application/json", "{\"inputs\": [".getBytes()), 400, "malformed JSON");
        assertError(post(infer, "application/json", inferBody(1, "FP32", List.of(1, 3, 28, 28), 0).getBytes()), 400,
                "shape must be [N,1,28,28] or [N,784]");
        assertError(post(infer, "application/json", inferBody(2, "FP32", List.of(1, 784), 0).getBytes()), 400,
                "'data' holds 1568 values; shape [1,784] needs 784");
        assertError(post(infer, "application/json", inferBody(1, "INT64", List.of(1, 784), 0).getBytes()), 400, "datatype must be");
        assertError(post(infer, "application/json", "{\"inputs\":[{\"shape\":[1,784],\"datatype\":\"UINT8\",\"data\":[300]}]}"
                .getBytes()), 400, "UINT8 data must be whole numbers 0-255");
        assertError(get("v2/models/nobody"), 404, "no model named 'nobody'");
        assertError(get("predictions/" + MODEL), 405, "GET is not allowed here; use POST");
        assertError(get("no/such/page"), 404, "no such page");
        // A body over --max-body-mb (1 MB here): refused from its declared length, or while reading one sent in chunks.
        assertEquals(413, raw("POST /predictions/" + MODEL + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n").status,
                "1 GB declared: refused before reading");
        Raw badTop = raw("POST /predictions/" + MODEL + "?top=99 HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
        assertEquals(400, badTop.status, "a bad query is refused before the body is read");
        assertTrue(badTop.body.contains("top must be 1-10, got '99'"), badTop.body);
        assertError(post("predictions/" + MODEL, "image/png", new byte[100 << 20]), 413, "the body is 104857600 bytes");
        HttpResponse<String> chunked = CLIENT.send(HttpRequest.newBuilder(base.resolve("predictions/" + MODEL))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 << 20]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(chunked, 413, "over the limit");
        for (String path : List.of("/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/x", "/static/..%2findex.html")) {
            Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(400, r.status, path);
            assertTrue(r.body.contains("path refused"), r.body);
        }
        assertEquals(200, get("ping").statusCode(), "still serving");
        assertTrue(get("metrics").body().contains("status=\"415\""));
    }

    /** FP32 pixels outside [0,1] (1e39 overflows a float to Infinity), a bad classification or bytes after the object: 400. */
    @Test
    void inferRefusesPixelsOutOfRangeBadClassificationsAndTrailingBytes() throws Exception {
        String infer = "v2/models/" + MODEL + "/infer";
        for (String pixel : List.of("1e39", "-3.0", "1.5", "-1e-3")) {
            String body = inferBody(1, "FP32", List.of(1, 784), 0).replaceFirst("\"data\":\\[[0-9.eE-]+", "\"data\":[" + pixel);
            assertError(post(infer, "application/json", body.getBytes()), 400,
                    "FP32 data must be pixels in [0,1], found " + Exchanges.JSON.readTree(pixel));
        }
        for (String k : List.of("0", "-2", "\"x\"", "11", "2.5")) {
            String body = inferBody(1, "UINT8", List.of(1, 784), 2).replace("\"classification\":2", "\"classification\":" + k);
            assertError(post(infer, "application/json", body.getBytes()), 400, "classification must be a whole number 1-10, got " + k);
        }
        String trailing = inferBody(1, "UINT8", List.of(1, 784), 0) + " {\"inputs\": []}";
        assertError(post(infer, "application/json", trailing.getBytes()), 400, "malformed JSON: something follows the end of the object");
        assertEquals(200, post(infer, "application/json", inferBody(1, "FP32", List.of(1, 784), 0).getBytes()).statusCode(),
                "0 and 1 and what is between are pixels");
    }

    /**
     * A body declared far past the limit (99,999,999,999,999 bytes) gets its 413 from the header at
     * once, and the connection closes with it: the client is not left waiting, nor a thread with it.
     * With Expect: 100-continue the JDK's server invites the body before any handler runs; the 413
     * follows at once.
     */
    @Test
    void aHugeDeclaredBodyIsRefusedAtOnceAndTheConnectionCloses() throws Exception {
        for (String expect : List.of("", "Expect: 100-continue\r\n")) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                long start = System.nanoTime();
                socket.getOutputStream().write(("POST /v2/models/" + MODEL + "/infer HTTP/1.1\r\nHost: x\r\n" + expect
                        + "Content-Length: 99999999999999\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(answer.contains("HTTP/1.1 413") && answer.contains("the body is 99999999999999 bytes"), answer);
                assertTrue(seconds < 1, expect + "answered and closed after " + seconds + " s");
            }
        }
    }

    /**
     * Stopping while a request is in flight: new connections are refused at once, and the request
     * still gets its answer (within {@link ServeConfig#SHUTDOWN_GRACE_SECONDS}).
     */
    @Test
    void aStopAnswersTheRequestsInFlightFirst() throws Exception {
        PredictionServer stopping = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 8, 0, 16, 1 << 20, null), Map.of(MODEL, run),
                ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter()));
        URI at = stopping.address();
        byte[] image = png(0);
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket(at.getHost(), at.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predictions/" + MODEL + " HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: "
                    + image.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(image, 0, image.length / 2);
            out.flush();
            long waited = System.nanoTime();
            while (stopping.inFlight() == 0) {
                assertTrue(System.nanoTime() - waited < 5e9, "the request reached its handler");
                Thread.sleep(10);
            }
            Future<?> stopped = stopper.submit(stopping::close);
            Thread.sleep(300);
            assertThrows(java.io.IOException.class, () -> new Socket(at.getHost(), at.getPort()).close(), "no new connections");
            out.write(image, image.length / 2, image.length - image.length / 2);
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", answer, "the request in flight is answered");
            stopped.get(ServeConfig.SHUTDOWN_GRACE_SECONDS + 5, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            stopper.shutdownNow();
            stopping.close();
        }
    }

    /** One connection serves request after request, answers that left a body unread (405, 401-like refusals) included. */
    @Test
    void aConnectionStaysOpenForTheNextRequest() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            List<String> requests = List.of("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n",
                    "POST /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
                    "POST /v2/models/nobody/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                    "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            List<Integer> statuses = new ArrayList<>();
            for (String request : requests) {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    assertTrue(c >= 0, "the connection closed after " + statuses);
                    head.append((char) c);
                }
                statuses.add(Integer.parseInt(head.substring(9, 12)));
                int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                        .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
                in.readNBytes(length);
            }
            assertEquals(List.of(200, 405, 404, 200), statuses);
        }
    }

    /** A client that sends half a request and stalls holds nothing for long, and others are served meanwhile. */
    @Test
    void aSlowClientIsCutOffWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.getOutputStream().write("POST /predictions/small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            assertEquals(200, get("ping").statusCode(), "served while the slow client stalls");
            slow.setSoTimeout(15_000);
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            byte[] answer = in.readAllBytes(); // ends when the server gives up on the stalled request
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 10, "cut off after " + seconds + " s");
            String text = new String(answer, StandardCharsets.US_ASCII);
            assertFalse(text.startsWith("HTTP/1.1 200"), text);
        }
    }

    @Test
    void aServerOffLoopbackNeedsATokenAndChecksIt() throws Exception {
        UserException e = assertThrows(UserException.class, () -> new ServeConfig("0.0.0.0", 0, 1, 0, 1, 1, null));
        assertEquals("serving on 0.0.0.0 (not loopback) needs a token: --token or ATELIER_TOKEN", e.getMessage());
        try (PredictionServer guarded = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 8, 1, 16, 1 << 20, "s3cret"),
                Map.of(MODEL, run), ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter()))) {
            URI at = guarded.address();
            HttpResponse<String> without = CLIENT.send(HttpRequest.newBuilder(at.resolve("v2/models/" + MODEL)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, without.statusCode());
            HttpResponse<String> wrong = CLIENT.send(HttpRequest.newBuilder(at.resolve("metrics")).header("Authorization", "Bearer guess")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            for (HttpResponse<String> refused : List.of(without, wrong)) {
                assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""), "RFC 6750: a 401 names its scheme");
            }
            // RFC 7235: the scheme is case-insensitive, and one or more spaces part it from the token
            for (String given : List.of("Bearer s3cret", "bearer s3cret", "BEARER  s3cret")) {
                HttpResponse<String> with = CLIENT.send(HttpRequest.newBuilder(at.resolve("v2/models/" + MODEL))
                        .header("Authorization", given).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, with.statusCode(), given);
            }
            for (String given : List.of("Basic s3cret", "Bearer S3CRET", "Bearers3cret", "Bearer s3cret2")) {
                HttpResponse<String> refused = CLIENT.send(HttpRequest.newBuilder(at.resolve("v2/models/" + MODEL))
                        .header("Authorization", given).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, refused.statusCode(), given);
            }
            assertEquals(200, CLIENT.send(HttpRequest.newBuilder(at.resolve("ping")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "health checks need no token");
        }
    }

    /**
     * The server listens before its models load: until they have, health says 503 and requests are
     * refused as not ready. The loading is held by making the run's config.json a named pipe that
     * the test fills when it has looked.
     */
    @Test
    void untilTheModelsHaveLoadedHealthAndRequestsSayNotReady() throws Exception {
        LoadingServer loading = new LoadingServer(run, tmp.resolve("loading"), "late");
        URI at = loading.address();
        PredictionServer late = null;
        try {
            for (String path : List.of("ping", "v2/health/ready", "v2/models/late/ready", "models")) {
                HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(at.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, r.statusCode(), path);
            }
            assertEquals(200, CLIENT.send(HttpRequest.newBuilder(at.resolve("v2/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> early = CLIENT.send(HttpRequest.newBuilder(at.resolve("predictions/late"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png(0))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, early.statusCode(), early.body());
            assertTrue(early.body().contains("not ready: the models are still loading"), early.body());
            assertFalse(loading.loaded(), "still loading");
        } finally {
            late = loading.release();
        }
        try (PredictionServer ready = late) {
            assertEquals(200, CLIENT.send(HttpRequest.newBuilder(at.resolve("ping")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            assertEquals(200, CLIENT.send(HttpRequest.newBuilder(at.resolve("predictions/late"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png(0))).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void withoutARunsFolderTheRunsApiSaysHowToGetOne() throws Exception {
        assertError(get("api/runs"), 404, "start with --runs DIR");
    }

    @Test
    void thePageComesFromTheJar() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
        assertTrue(get("app.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals(200, get("style.css").statusCode());
        assertEquals(MODEL, json(get("models")).get("models").get(0).get("name").asText());
        assertEquals(64, json(get("models")).get("max_explained_images").asInt(), "the page sends pictures to explain in turns of this many");
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        String message = json(r).get("error").asText();
        assertTrue(message.contains(fragment), "'" + fragment + "' in '" + message + "'");
    }

    record Raw(int status, String body) {}

    /**
     * A request written by hand on a socket: paths and lengths no well-behaved client would send.
     * Reads the status, the headers and the body by its length, not to the end of the connection.
     */
    private static Raw raw(String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
            return new Raw(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }
}
