package org.atelier.serving;

import java.util.Locale;
import static org.atelier.serving.Exchanges.JSON;
import static org.atelier.serving.Exchanges.object;
import static org.atelier.serving.Exchanges.query;
import static org.atelier.serving.Exchanges.readBody;
import static org.atelier.serving.Exchanges.readJson;
import static org.atelier.serving.Exchanges.send;
import static org.atelier.serving.Exchanges.sendError;
import static org.atelier.serving.Exchanges.sendJson;

import org.atelier.inference.ModelLoader;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * The JDK's HTTP server reads its settings from system properties, once per JVM: the command
     * that serves sets them at start-up, before the first server exists, and every server sets them
     * before it listens (a setting already given, as the tests give a shorter request time, is kept).
     */
    public static void configureJvm() {
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(ServeConfig.REQUEST_SECONDS));
        setIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(ServeConfig.RESPONSE_SECONDS));
        // Answers go out at once: with Nagle's algorithm a response's headers and body, written apart,
        // met the client's delayed acknowledgement and every request took 40 ms more.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // The server reads nothing of a body left unread when an exchange ends: its own drain (64 KB)
        // waited for a body declared as 99,999,999,999,999 bytes until the request time ran out (30 s),
        // holding the thread. What an answer leaves unread is dropped by Exchanges.discardUnread, within bounds.
        setIfAbsent("sun.net.httpserver.drainAmount", "0");
    }

    private final ServeConfig config;
    private final Map<String, ServedModel> models;
    private final ServerMetrics metrics = new ServerMetrics();
    private final HttpServer http;
    private final ExecutorService threads;
    private final StaticFiles page;
    private final RunCatalog catalog;
    private final List<Route> routes;
    private volatile boolean ready;
    /** Requests being answered now: what a stop waits for. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private PredictionServer(ServeConfig config, Map<String, ServedModel> models, StaticFiles page, RunCatalog catalog)
            throws IOException {
        this.config = config;
        this.catalog = catalog;
        this.models = models;
        this.page = page;
        this.routes = routes();
        configureJvm();
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.threads = Executors.newFixedThreadPool(THREADS);
        http.setExecutor(threads);
        http.createContext("/", this::handle);
    }

    /**
     * Loads every run (named by {@code runs}' keys), starts listening, warms each model up with one
     * request through its batcher, and only then reports ready.
     */
    public static PredictionServer start(ServeConfig config, Map<String, RunDirectory> runs, ModelLoader loader, PrintWriter log) {
        return start(config, runs, null, loader, log);
    }

    /** @param runsFolder the folder the runs page lists, or null for none */
    public static PredictionServer start(ServeConfig config, Map<String, RunDirectory> runs, Path runsFolder,
                                         ModelLoader loader, PrintWriter log) {
        RunCatalog catalog = runsFolder == null ? null : new RunCatalog(runsFolder);
        Map<String, ServedModel> models = new LinkedHashMap<>();
        PredictionServer server = null;
        try {
            server = new PredictionServer(config, models, StaticFiles.fromJar(), catalog);
            server.http.start();
            for (Map.Entry<String, RunDirectory> run : runs.entrySet()) {
                ServedModel model = new ServedModel(run.getKey(), run.getValue(), loader, config, server.metrics);
                models.put(run.getKey(), model);
                model.predict(new float[DynamicBatcher.PIXELS], 1).get(ServedModel.ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.printf(Locale.ROOT, "serving %s (%s, version %s, on %s) from %s; %s%n", model.name, model.modelName(), model.version,
                        model.engine(), run.getValue().root(), model.calibration.describe());
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

    /**
     * The routes a user calls, one line each ("POST /predictions/baseline  image files ..."), from the
     * route table; a model's name stands in for {model} when one is served ({model} stays when several are).
     */
    public List<String> endpoints() {
        String model = models.size() == 1 ? models.keySet().iterator().next() : null;
        List<Route> listed = routes.stream().filter(r -> r.purpose() != null).toList();
        java.util.function.Function<Route, String> path = r -> model == null ? r.path() : r.path().replace("{model}", model);
        int width = Math.max(30, listed.stream().mapToInt(r -> path.apply(r).length()).max().orElse(0));
        List<String> lines = new ArrayList<>();
        for (Route route : listed) {
            lines.add(String.format(Locale.ROOT, "%-4s %-" + width + "s %s%s", route.method(), path.apply(route), route.purpose(),
                    route.needsToken() && config.token() != null ? " [token]" : ""));
        }
        return lines;
    }

    /** How many requests are being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    public boolean ready() {
        return ready;
    }

    /**
     * Stops gracefully: no new connections, the requests already accepted answered for up to
     * {@link ServeConfig#SHUTDOWN_GRACE_SECONDS}, then the models closed. Returns at once when
     * nothing is in flight.
     */
    @Override
    public void close() {
        ready = false;
        // The JDK's server waits the whole delay even with nothing in flight, and stops early once the last
        // request in flight is answered.
        http.stop(inFlight.get() == 0 ? 0 : ServeConfig.SHUTDOWN_GRACE_SECONDS);
        threads.shutdown();
        try {
            threads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        models.values().forEach(ServedModel::close);
    }

    // ---- routing ----

    /**
     * Every route of the server, in the order they are tried: the first whose path matches answers,
     * or says which method it takes (405); the web page's files come last.
     */
    private List<Route> routes() {
        return List.of(
                new Route("GET", "/ping", false, "health", "health; also /v2/health/live, /v2/health/ready",
                        (x, p) -> ready ? sendJson(x, 200, object("status", "Healthy"))
                        : sendJson(x, 503, object("status", "Unhealthy"))),
                new Route("GET", "/metrics", true, "metrics", "Prometheus metrics", (x, p) -> send(x, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.render().getBytes(StandardCharsets.UTF_8))),
                new Route("GET", "/models", true, "metadata", "the served models (JSON)", (x, p) -> listModels(x)),
                new Route("POST", "/predictions/{model}", true, "predictions",
                        "image files (multipart) -> classes (JSON)", this::predictImages),
                new Route("GET", "/v2", true, "metadata", null, (x, p) -> serverMetadata(x)),
                new Route("GET", "/v2/", true, "metadata", null, (x, p) -> serverMetadata(x)),
                new Route("GET", "/v2/health/live", false, "health", null, (x, p) -> sendJson(x, 200, JSON.createObjectNode().put("live", true))),
                new Route("GET", "/v2/health/ready", false, "health", null,
                        (x, p) -> sendJson(x, ready ? 200 : 503, JSON.createObjectNode().put("ready", ready))),
                new Route("GET", "/v2/models/{model}", true, "metadata", "model metadata (Open Inference v2)",
                        (x, p) -> sendJson(x, 200, OpenInferenceV2.metadata(model(p)))),
                new Route("GET", "/v2/models/{model}/versions/{version}", true, "metadata", null,
                        (x, p) -> sendJson(x, 200, OpenInferenceV2.metadata(model(p)))),
                new Route("GET", "/v2/models/{model}/ready", true, "metadata", null, this::modelReady),
                new Route("GET", "/v2/models/{model}/versions/{version}/ready", true, "metadata", null, this::modelReady),
                new Route("POST", "/v2/models/{model}/infer", true, "infer",
                        "FP32 [N,784] pixels -> probabilities (v2)", this::infer),
                new Route("POST", "/v2/models/{model}/versions/{version}/infer", true, "infer", null, this::infer),
                new Route("GET", "/api/runs", true, "metadata", null,
                        (x, p) -> sendJson(x, 200, JSON.createObjectNode().set("runs", catalog().list()))),
                new Route("GET", "/api/history", true, "metadata", null, (x, p) -> sendJson(x, 200,
                        catalog().history(query(x.getRequestURI().getRawQuery()).getOrDefault("id", "")))),
                // /run-files/ID/FILE, the id percent-encoded in one segment, so that a report's own relative links work
                new Route("GET", "/run-files/{run}/{file}", true, "page", null, (x, p) -> send(x, 200,
                        p.get("file").endsWith(".html") ? "text/html; charset=utf-8" : "image/png",
                        catalog().file(p.get("run"), p.get("file")))),
                new Route("GET", "/", false, "page", "web page: classify images"
                        + (catalog == null ? "" : "; runs at /runs.html"), (x, p) -> sendPage(x, "")),
                new Route("GET", "/{file}", false, "page", null, (x, p) -> sendPage(x, p.get("file"))));
    }

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        String model = "";
        String endpoint = "other";
        int status;
        try {
            String path = exchange.getRequestURI().getRawPath();
            refuseTraversal(path);
            String[] segments = path.substring(1).split("/", -1);
            Route route = null;
            Map<String, String> parameters = Map.of();
            List<String> methods = new ArrayList<>();
            for (Route r : routes) {
                Optional<Map<String, String>> matched = r.match(segments);
                if (matched.isPresent()) {
                    if (!methods.contains(r.method())) {
                        methods.add(r.method());
                    }
                    if (r.method().equals(exchange.getRequestMethod())) {
                        route = r;
                        parameters = matched.get();
                        break;
                    }
                }
            }
            if (route == null) {
                throw methods.isEmpty() ? new HttpError(404, "no such page or endpoint: " + path)
                        : new HttpError(405, exchange.getRequestMethod() + " is not allowed here; use " + String.join(" or ", methods));
            }
            endpoint = route.endpoint();
            model = parameters.getOrDefault("model", "");
            if (route.needsToken() && config.token() != null) {
                checkToken(exchange);
            }
            status = route.handler().handle(exchange, parameters);
        } catch (HttpError e) {
            status = sendError(exchange, e);
        } catch (RuntimeException e) {
            status = sendError(exchange, new HttpError(500, "internal error: " + e));
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
        metrics.request(models.containsKey(model) ? model : "", endpoint, status, (System.nanoTime() - start) / 1e9);
    }

    private int listModels(HttpExchange exchange) {
        requireReady();
        ArrayNode list = JSON.createArrayNode();
        models.values().forEach(m -> list.add(OpenInferenceV2.metadata(m)));
        ObjectNode body = JSON.createObjectNode().put("max_explained_images", ServedModel.MAX_EXPLAINED_IMAGES);
        body.set("models", list);
        return sendJson(exchange, 200, body);
    }

    private int predictImages(HttpExchange exchange, Map<String, String> parameters) {
        ServedModel m = model(parameters);
        return sendJson(exchange, 200, ImagePredictions.predict(m, query(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("Content-Type"), () -> readBody(exchange, config.maxBodyBytes())));
    }

    private int serverMetadata(HttpExchange exchange) {
        ObjectNode meta = object("name", "atelier");
        meta.put("version", org.atelier.run.Provenance.currentVersion());
        meta.set("extensions", JSON.createArrayNode().add("classification"));
        return sendJson(exchange, 200, meta);
    }

    private int modelReady(HttpExchange exchange, Map<String, String> parameters) {
        // model(...) has already answered 503 while the server is not ready.
        return sendJson(exchange, 200, object("name", model(parameters).name).put("ready", true));
    }

    private int infer(HttpExchange exchange, Map<String, String> parameters) {
        ServedModel m = model(parameters);
        return sendJson(exchange, 200, OpenInferenceV2.infer(readJson(exchange, config.maxBodyBytes()), m));
    }

    private int sendPage(HttpExchange exchange, String name) {
        StaticFiles.File file = page.find(name);
        if (file == null) {
            throw new HttpError(404, "no such page: " + exchange.getRequestURI().getRawPath());
        }
        return send(exchange, 200, file.contentType(), file.bytes());
    }

    // ---- models, readiness and access ----

    private RunCatalog catalog() {
        if (catalog == null) {
            throw new HttpError(404, "no runs folder is served (start with --runs DIR)");
        }
        return catalog;
    }

    /** The model a route's {model} (and {version}, where given) name. */
    private ServedModel model(Map<String, String> parameters) {
        // While loading, a model not yet loaded is missing from the map: "not ready", not "no such model".
        requireReady();
        String name = parameters.get("model");
        ServedModel m = models.get(name);
        if (m == null) {
            throw new HttpError(404, "no model named '" + name + "'; serving " + models.keySet());
        }
        String version = parameters.get("version");
        if (version != null && !version.equals(m.version)) {
            throw new HttpError(404, "model " + m.name + " has no version " + version + "; it serves " + m.version);
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
            decoded = Exchanges.decode(decoded);
        }
        if (!rawPath.startsWith("/") || decoded.contains("..") || decoded.contains("\\") || decoded.contains("\0")) {
            throw new HttpError(400, "path refused: " + rawPath);
        }
    }

    /** RFC 6750's {@code Authorization: Bearer TOKEN}; the scheme's case does not matter (RFC 7235), the token's does. */
    private void checkToken(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        String[] schemeAndToken = given == null ? new String[0] : given.strip().split(" +", 2);
        byte[] expected = config.token().getBytes(StandardCharsets.UTF_8);
        if (schemeAndToken.length != 2 || !schemeAndToken[0].equalsIgnoreCase("Bearer")
                || !MessageDigest.isEqual(expected, schemeAndToken[1].getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "a valid token is needed: Authorization: Bearer TOKEN");
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
