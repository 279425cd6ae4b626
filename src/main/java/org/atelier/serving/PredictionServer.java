package org.atelier.serving;

import static org.atelier.serving.Exchanges.JSON;
import static org.atelier.serving.Exchanges.decode;
import static org.atelier.serving.Exchanges.object;
import static org.atelier.serving.Exchanges.query;
import static org.atelier.serving.Exchanges.readBody;
import static org.atelier.serving.Exchanges.readJson;
import static org.atelier.serving.Exchanges.requireMethod;
import static org.atelier.serving.Exchanges.send;
import static org.atelier.serving.Exchanges.sendError;
import static org.atelier.serving.Exchanges.sendJson;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * `atelier serve`: trained runs behind HTTP on the JDK's server. The Open Inference Protocol v2
 * (health, metadata, infer, with Triton's classification extension), TorchServe's
 * {@code POST /predictions/{model}} for image files, {@code /ping}, Prometheus {@code /metrics},
 * and the web page. Every error is a JSON object with the fitting status; the server goes on.
 */
public final class PredictionServer implements AutoCloseable {
    /** Request threads: most of them wait on a forward pass, so many are cheap. */
    static final int THREADS = 128;

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
    public static PredictionServer start(ServeConfig config, Map<String, RunDirectory> runs, Path runsFolder,
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
                model.predict(new float[DynamicBatcher.PIXELS], 1).get(ServedModel.ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
            status = sendError(exchange, e);
        } catch (RuntimeException e) {
            status = sendError(exchange, new HttpError(500, "internal error: " + e));
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
            models.values().forEach(m -> list.add(OpenInferenceV2.metadata(m)));
            return sendJson(exchange, 200, JSON.createObjectNode().set("models", list));
        }
        if (first.equals("predictions") && s.length == 2) {
            requireMethod(method, "POST");
            ServedModel m = model(decode(s[1]));
            return sendJson(exchange, 200, ImagePredictions.predict(m, query(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Content-Type"), () -> readBody(exchange, config.maxBodyBytes())));
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

    /** The Open Inference Protocol v2's paths; {@link OpenInferenceV2} writes its bodies. */
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
                return sendJson(exchange, 200, OpenInferenceV2.metadata(m));
            }
            if (s.length == rest + 1 && s[rest].equals("ready")) {
                requireMethod(method, "GET");
                // model(...) has already answered 503 while the server is not ready.
                return sendJson(exchange, 200, object("name", m.name).put("ready", true));
            }
            if (s.length == rest + 1 && s[rest].equals("infer")) {
                requireMethod(method, "POST");
                return sendJson(exchange, 200, OpenInferenceV2.infer(readJson(exchange, config.maxBodyBytes()), m));
            }
        }
        throw new HttpError(404, "no such endpoint: " + exchange.getRequestURI().getRawPath());
    }

    // ---- models, readiness and access ----

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

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
