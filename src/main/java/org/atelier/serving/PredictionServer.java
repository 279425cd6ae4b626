package org.atelier.serving;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.atelier.data.FashionClass;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.models.Classifier;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * `atelier serve`: trained runs behind HTTP on the JDK's server. The Open Inference Protocol v2
 * (health, metadata, infer, with Triton's classification extension), TorchServe's
 * {@code POST /predictions/{model}} for image files, {@code /ping}, Prometheus {@code /metrics},
 * and the web page. Every error is a JSON object with the fitting status; the server goes on.
 */
public final class PredictionServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** How long a request waits for its forward pass before it is answered 503. */
    static final long ANSWER_TIMEOUT_SECONDS = 60;
    /** Request threads: most of them wait on a forward pass, so many are cheap. */
    static final int THREADS = 128;
    /** The most of a refused body read and dropped so that the client still gets its answer. */
    static final long DRAIN_LIMIT = 256L << 20;

    static {
        // A client that takes longer than this to send its request, or to read its answer, is cut off
        // (slow clients must not hold the server's threads). The JDK's server reads them once.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
        // Answers go out at once: with Nagle's algorithm a response's headers and body, written apart,
        // met the client's delayed acknowledgement and every request took 40 ms more.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final ServeConfig config;
    private final Map<String, ServedModel> models;
    private final ServerMetrics metrics = new ServerMetrics();
    private final HttpServer http;
    private final ExecutorService threads;
    private final StaticFiles page;
    private final RunCatalog catalog;
    private volatile boolean ready;

    private PredictionServer(ServeConfig config, Map<String, ServedModel> models, StaticFiles page, RunCatalog catalog)
            throws IOException {
        this.config = config;
        this.catalog = catalog;
        this.models = models;
        this.page = page;
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.threads = Executors.newFixedThreadPool(THREADS);
        http.setExecutor(threads);
        http.createContext("/", this::handle);
    }

    /**
     * Loads every run (named by {@code runs}' keys), starts listening, warms each model up with one
     * request through its batcher, and only then reports ready.
     */
    public static PredictionServer start(ServeConfig config, Map<String, RunDirectory> runs, Device device, PrintWriter log) {
        return start(config, runs, null, device, log);
    }

    /** @param runsFolder the folder the runs page lists, or null for none */
    public static PredictionServer start(ServeConfig config, Map<String, RunDirectory> runs, java.nio.file.Path runsFolder,
                                         Device device, PrintWriter log) {
        RunCatalog catalog = runsFolder == null ? null : new RunCatalog(runsFolder);
        Map<String, ServedModel> models = new LinkedHashMap<>();
        PredictionServer server = null;
        try {
            server = new PredictionServer(config, models, StaticFiles.fromJar(), catalog);
            server.http.start();
            for (Map.Entry<String, RunDirectory> run : runs.entrySet()) {
                ServedModel model = new ServedModel(run.getKey(), run.getValue(), device, config, server.metrics);
                models.put(run.getKey(), model);
                model.predict(new float[DynamicBatcher.PIXELS], 1).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.printf("serving %s (%s, version %s) from %s%n", model.name, model.modelName(), model.version, run.getValue().root());
            }
            server.ready = true;
            return server;
        } catch (IOException e) {
            if (server != null) {
                server.close();
            }
            throw new UserException("cannot listen on " + config.host() + ":" + config.port() + " (" + UserException.reason(e) + ")");
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            if (server != null) {
                server.close();
            } else {
                models.values().forEach(ServedModel::close);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof UserException u) {
                throw u;
            }
            throw new IllegalStateException("a model failed its warm-up request", e);
        }
    }

    public URI address() {
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    public boolean ready() {
        return ready;
    }

    @Override
    public void close() {
        ready = false;
        http.stop(0);
        threads.shutdownNow();
        models.values().forEach(ServedModel::close);
    }

    // ---- routing ----

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String model = "";
        String endpoint = "other";
        int status;
        try {
            String path = exchange.getRequestURI().getRawPath();
            refuseTraversal(path);
            String[] segments = path.substring(1).split("/", -1);
            endpoint = endpointOf(segments);
            if (needsToken(segments)) {
                checkToken(exchange);
            }
            if (segments.length >= 3 && segments[0].equals("v2") && segments[1].equals("models")) {
                model = decode(segments[2]);
            } else if (segments.length == 2 && segments[0].equals("predictions")) {
                model = decode(segments[1]);
            }
            status = route(exchange, segments);
        } catch (HttpError e) {
            status = sendError(exchange, e.status, e.getMessage(), e.retryAfter);
        } catch (RuntimeException e) {
            status = sendError(exchange, 500, "internal error: " + e, 0);
        } finally {
            exchange.close();
        }
        metrics.request(models.containsKey(model) ? model : "", endpoint, status, (System.nanoTime() - start) / 1e9);
    }

    private int route(HttpExchange exchange, String[] s) {
        String method = exchange.getRequestMethod();
        String first = s[0];
        if (first.equals("ping") && s.length == 1) {
            requireMethod(method, "GET");
            return ready ? sendJson(exchange, 200, object("status", "Healthy"))
                    : sendJson(exchange, 503, object("status", "Unhealthy"));
        }
        if (first.equals("metrics") && s.length == 1) {
            requireMethod(method, "GET");
            return send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render().getBytes(StandardCharsets.UTF_8));
        }
        if (first.equals("models") && s.length == 1) {
            requireMethod(method, "GET");
            requireReady();
            ArrayNode list = JSON.createArrayNode();
            models.values().forEach(m -> list.add(modelMetadata(m)));
            return sendJson(exchange, 200, JSON.createObjectNode().set("models", list));
        }
        if (first.equals("predictions") && s.length == 2) {
            requireMethod(method, "POST");
            return predictImages(exchange, model(decode(s[1])));
        }
        if (first.equals("v2")) {
            return routeV2(exchange, method, s);
        }
        if (first.equals("api") && s.length == 2 && (s[1].equals("runs") || s[1].equals("history"))) {
            requireMethod(method, "GET");
            RunCatalog runs = catalog();
            return s[1].equals("runs") ? sendJson(exchange, 200, JSON.createObjectNode().set("runs", runs.list()))
                    : sendJson(exchange, 200, runs.history(query(exchange.getRequestURI().getRawQuery()).getOrDefault("id", "")));
        }
        if (first.equals("run-files") && s.length == 3) {
            // /run-files/ID/FILE, the id percent-encoded in one segment, so that a report's own relative links work
            requireMethod(method, "GET");
            String name = decode(s[2]);
            String type = name.endsWith(".html") ? "text/html; charset=utf-8" : "image/png";
            return send(exchange, 200, type, catalog().file(decode(s[1]), name));
        }
        requireMethod(method, "GET");
        StaticFiles.File file = page.find(s);
        if (file == null) {
            throw new HttpError(404, "no such page: " + exchange.getRequestURI().getRawPath());
        }
        return send(exchange, 200, file.contentType(), file.bytes());
    }

    private int routeV2(HttpExchange exchange, String method, String[] s) {
        if (s.length == 1 || (s.length == 2 && s[1].isEmpty())) {
            requireMethod(method, "GET");
            ObjectNode meta = object("name", "atelier");
            meta.put("version", org.atelier.run.Provenance.currentVersion());
            meta.set("extensions", JSON.createArrayNode().add("classification"));
            return sendJson(exchange, 200, meta);
        }
        if (s.length == 3 && s[1].equals("health") && (s[2].equals("live") || s[2].equals("ready"))) {
            requireMethod(method, "GET");
            boolean ok = s[2].equals("live") || ready;
            return sendJson(exchange, ok ? 200 : 503, JSON.createObjectNode().put(s[2], ok));
        }
        if (s.length >= 3 && s[1].equals("models")) {
            ServedModel m = model(decode(s[2]));
            int rest = 3;
            if (s.length >= 5 && s[3].equals("versions")) {
                if (!decode(s[4]).equals(m.version)) {
                    throw new HttpError(404, "model " + m.name + " has no version " + decode(s[4]) + "; it serves " + m.version);
                }
                rest = 5;
            }
            if (s.length == rest) {
                requireMethod(method, "GET");
                return sendJson(exchange, 200, modelMetadata(m));
            }
            if (s.length == rest + 1 && s[rest].equals("ready")) {
                requireMethod(method, "GET");
                // model(...) has already answered 503 while the server is not ready.
                return sendJson(exchange, 200, object("name", m.name).put("ready", true));
            }
            if (s.length == rest + 1 && s[rest].equals("infer")) {
                requireMethod(method, "POST");
                return infer(exchange, m);
            }
        }
        throw new HttpError(404, "no such endpoint: " + exchange.getRequestURI().getRawPath());
    }

    // ---- the v2 protocol ----

    private ObjectNode modelMetadata(ServedModel m) {
        ObjectNode meta = object("name", m.name);
        meta.set("versions", JSON.createArrayNode().add(m.version));
        meta.put("platform", "djl_pytorch");
        meta.put("architecture", m.modelName());
        ArrayNode inputs = meta.putArray("inputs");
        inputs.addObject().put("name", "images").put("datatype", "FP32").set("shape", JSON.createArrayNode().add(-1).add(1).add(28).add(28));
        ArrayNode outputs = meta.putArray("outputs");
        outputs.addObject().put("name", "probabilities").put("datatype", "FP32").set("shape", JSON.createArrayNode().add(-1).add(10));
        ArrayNode classes = meta.putArray("classes");
        FashionClass.displayNames().forEach(classes::add);
        return meta;
    }

    private int infer(HttpExchange exchange, ServedModel m) {
        JsonNode request = readJson(exchange);
        JsonNode inputs = request.path("inputs");
        if (!inputs.isArray() || inputs.size() != 1) {
            throw new HttpError(400, "'inputs' must be a list of one tensor: images of shape [N,1,28,28] or [N,784]");
        }
        JsonNode input = inputs.get(0);
        int count = imageCount(input.path("shape"));
        String datatype = input.path("datatype").asText("");
        if (!datatype.equals("FP32") && !datatype.equals("UINT8")) {
            throw new HttpError(400, "datatype must be FP32 (pixels in [0,1]) or UINT8 (0-255), got '" + datatype + "'");
        }
        float[] pixels = new float[count * DynamicBatcher.PIXELS];
        int filled = flatten(input.path("data"), pixels, 0, datatype.equals("UINT8"));
        if (filled != pixels.length) {
            throw new HttpError(400, "'data' holds " + filled + " values; shape " + input.path("shape") + " needs " + pixels.length);
        }
        float[][] probabilities = await(m.predict(pixels, count));
        int classification = 0;
        for (JsonNode out : request.path("outputs")) {
            classification = Math.max(classification, out.path("parameters").path("classification").asInt(0));
        }
        ObjectNode response = object("model_name", m.name);
        response.put("model_version", m.version);
        if (request.has("id")) {
            response.set("id", request.get("id"));
        }
        ObjectNode output = response.putArray("outputs").addObject().put("name", "probabilities");
        if (classification > 0) {
            int k = Math.min(classification, FashionClass.COUNT);
            output.put("datatype", "BYTES").set("shape", JSON.createArrayNode().add(count).add(k));
            ArrayNode data = output.putArray("data");
            for (float[] row : probabilities) {
                for (int c : topClasses(row, k)) {
                    data.add(String.format(Locale.ROOT, "%f:%d:%s", row[c], c, FashionClass.nameOf(c)));
                }
            }
        } else {
            output.put("datatype", "FP32").set("shape", JSON.createArrayNode().add(count).add(FashionClass.COUNT));
            ArrayNode data = output.putArray("data");
            for (float[] row : probabilities) {
                for (float v : row) {
                    data.add(v);
                }
            }
        }
        return sendJson(exchange, 200, response);
    }

    private static int imageCount(JsonNode shape) {
        List<Long> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(d.canConvertToLong() && d.isIntegralNumber() ? d.asLong() : -1));
        boolean nchw = dims.size() == 4 && dims.get(1) == 1 && dims.get(2) == 28 && dims.get(3) == 28;
        boolean flat = dims.size() == 2 && dims.get(1) == 784;
        if (!(nchw || flat) || dims.get(0) < 1 || dims.get(0) > 100_000) {
            throw new HttpError(400, "shape must be [N,1,28,28] or [N,784] with N from 1 to 100000, got " + shape);
        }
        return (int) (long) dims.get(0);
    }

    /** Copies the numbers of {@code data} (flat or nested lists) into {@code pixels}; returns how many there were. */
    private static int flatten(JsonNode data, float[] pixels, int at, boolean uint8) {
        if (!data.isArray()) {
            throw new HttpError(400, "'data' must be a list of numbers");
        }
        for (JsonNode v : data) {
            if (v.isArray()) {
                at = flatten(v, pixels, at, uint8);
                continue;
            }
            if (!v.isNumber()) {
                throw new HttpError(400, "'data' must hold numbers only, found " + v);
            }
            if (at < pixels.length) {
                double x = v.asDouble();
                if (uint8 && (x < 0 || x > 255 || x != Math.rint(x))) {
                    throw new HttpError(400, "UINT8 data must be whole numbers 0-255, found " + v);
                }
                pixels[at] = (float) (uint8 ? x / 255 : x);
            }
            at++;
        }
        return at;
    }

    // ---- image files ----

    private int predictImages(HttpExchange exchange, ServedModel m) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        ImagePreprocessor.Background background;
        try {
            background = ImagePreprocessor.Background.byName(query.getOrDefault("background", "auto"));
        } catch (UserException e) {
            throw new HttpError(400, e.getMessage());
        }
        int top = parseTop(query.getOrDefault("top", "3"));
        byte[] body = readBody(exchange);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        ImagePreprocessor preprocessor = new ImagePreprocessor(background);
        if (!Multipart.isMultipart(contentType)) {
            if (body.length == 0) {
                throw new HttpError(400, "no image in the request body");
            }
            float[] pixels = preprocess(preprocessor, body, "the request body");
            return sendJson(exchange, 200, describe(await(m.predict(pixels, 1))[0], pixels, top, query.containsKey("pixels")));
        }
        List<Multipart.Part> parts = Multipart.parse(contentType, body);
        if (parts.isEmpty()) {
            throw new HttpError(400, "the multipart form holds no files");
        }
        List<ObjectNode> answers = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (Multipart.Part part : parts) {
            ObjectNode answer = object("name", part.fileName() != null ? part.fileName() : part.field());
            answers.add(answer);
            try {
                images.add(preprocess(preprocessor, part.bytes(), answer.get("name").asText()));
                slots.add(answers.size() - 1);
            } catch (HttpError e) {
                answer.put("error", e.getMessage());
            }
        }
        if (!images.isEmpty()) {
            float[] pixels = new float[images.size() * DynamicBatcher.PIXELS];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(images.get(i), 0, pixels, i * DynamicBatcher.PIXELS, DynamicBatcher.PIXELS);
            }
            float[][] probabilities = await(m.predict(pixels, images.size()));
            for (int i = 0; i < images.size(); i++) {
                answers.get(slots.get(i)).setAll(describe(probabilities[i], images.get(i), top, query.containsKey("pixels")));
            }
        }
        ArrayNode list = JSON.createArrayNode();
        answers.forEach(list::add);
        ObjectNode response = JSON.createObjectNode();
        response.put("model_name", m.name).put("model_version", m.version).set("predictions", list);
        return sendJson(exchange, 200, response);
    }

    private static int parseTop(String value) {
        try {
            int top = Integer.parseInt(value);
            if (top >= 1 && top <= FashionClass.COUNT) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpError(400, "top must be 1-10, got '" + value + "'");
    }

    private static float[] preprocess(ImagePreprocessor preprocessor, byte[] bytes, String name) {
        try {
            return preprocessor.load(bytes, name);
        } catch (UserException e) {
            throw new HttpError(415, e.getMessage());
        }
    }

    /** The top classes of one image; with {@code withPixels}, the 28x28 picture the model saw (0-255, row by row). */
    private static ObjectNode describe(float[] probabilities, float[] pixels, int top, boolean withPixels) {
        int label = Classifier.argMax(probabilities);
        ObjectNode out = JSON.createObjectNode();
        out.put("label", label).put("class", FashionClass.nameOf(label)).put("probability", probabilities[label]);
        ArrayNode best = out.putArray("top");
        for (int c : topClasses(probabilities, top)) {
            best.addObject().put("label", c).put("class", FashionClass.nameOf(c)).put("probability", probabilities[c]);
        }
        if (withPixels) {
            ArrayNode seen = out.putArray("pixels");
            for (float p : pixels) {
                seen.add(Math.round(p * 255));
            }
        }
        return out;
    }

    static int[] topClasses(float[] probabilities, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    // ---- requests and answers ----

    private RunCatalog catalog() {
        if (catalog == null) {
            throw new HttpError(404, "no runs folder is served (start with --runs DIR)");
        }
        return catalog;
    }

    private ServedModel model(String name) {
        // While loading, a model not yet loaded is missing from the map: "not ready", not "no such model".
        requireReady();
        ServedModel m = models.get(name);
        if (m == null) {
            throw new HttpError(404, "no model named '" + name + "'; serving " + models.keySet());
        }
        return m;
    }

    /** The model map is filled while loading and only read once ready (published by the volatile flag). */
    private void requireReady() {
        if (!ready) {
            throw new HttpError(503, "not ready: the models are still loading", 1);
        }
    }

    private static float[][] await(java.util.concurrent.CompletableFuture<float[][]> answer) {
        try {
            return answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpError h) {
                throw h;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new HttpError(503, "no answer within " + ANSWER_TIMEOUT_SECONDS + " s", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
    }

    private JsonNode readJson(HttpExchange exchange) {
        byte[] body = readBody(exchange);
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HttpError(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpError(400, "unreadable body: " + e.getMessage());
        }
    }

    /**
     * The request body, refused (413) past the size limit. The rest of a refused body is read and
     * dropped (up to {@link #DRAIN_LIMIT}) before the answer: a server that closes on unread data
     * resets the connection, and the client loses the answer. Bodies declared larger than that are
     * refused at once.
     */
    private byte[] readBody(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long limit = config.maxBodyBytes();
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Content-Length is not a number");
            }
        }
        // Not closed here: closing drains what is left of the body, which must wait until the answer is out.
        InputStream in = exchange.getRequestBody();
        try {
            if (length > limit) {
                if (length <= DRAIN_LIMIT) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                throw new HttpError(413, "the body is " + length + " bytes; the limit is " + limit + " (--max-body-mb)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    long dropped = 0;
                    while (dropped < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
                        dropped += n;
                    }
                    throw new HttpError(413, "the body is over the limit of " + limit + " bytes (--max-body-mb)");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new HttpError(400, "the body could not be read: " + e.getMessage());
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, method + " is not allowed here; use " + allowed);
        }
    }

    /** `..` in a path, written plainly or percent-encoded, is refused before anything looks at the path. */
    static void refuseTraversal(String rawPath) {
        String decoded = rawPath;
        for (int i = 0; i < 3 && decoded.contains("%"); i++) {
            decoded = decode(decoded);
        }
        if (!rawPath.startsWith("/") || decoded.contains("..") || decoded.contains("\\") || decoded.contains("\0")) {
            throw new HttpError(400, "path refused: " + rawPath);
        }
    }

    private boolean needsToken(String[] s) {
        if (config.token() == null) {
            return false;
        }
        boolean health = s[0].equals("ping") || (s.length == 3 && s[0].equals("v2") && s[1].equals("health"));
        boolean api = s[0].equals("v2") || s[0].equals("predictions") || s[0].equals("metrics") || s[0].equals("models")
                || s[0].equals("api") || s[0].equals("run-files");
        return api && !health;
    }

    private void checkToken(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "a valid token is needed: Authorization: Bearer TOKEN");
        }
    }

    private static String endpointOf(String[] s) {
        if (s[0].equals("v2")) {
            String last = s[s.length - 1];
            return s.length >= 4 && last.equals("infer") ? "infer" : s.length >= 3 && s[1].equals("health") ? "health" : "metadata";
        }
        return switch (s[0]) {
            case "predictions" -> "predictions";
            case "ping" -> "health";
            case "metrics" -> "metrics";
            case "models", "api" -> "metadata";
            case "run-files" -> "page";
            default -> "page";
        };
    }

    private int sendJson(HttpExchange exchange, int status, JsonNode body) {
        try {
            return send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int sendError(HttpExchange exchange, int status, String message, int retryAfter) {
        if (retryAfter > 0) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter));
        }
        if (status == 413) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        try {
            return send(exchange, status, "application/json", JSON.writeValueAsBytes(object("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                // Out on the wire now: closing the exchange first drains an unread request body, and a
                // refused one may never end (the connection is then cut).
                out.flush();
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
        return status;
    }

    private static ObjectNode object(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding: " + s);
        }
    }


    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
