package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.atelier.run.RunDirectory;
import org.atelier.serving.PredictionServer;
import org.atelier.serving.ServeConfig;
import org.atelier.util.Timestamps;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve trained runs over HTTP until stopped (Ctrl-C): the Open Inference Protocol v2 "
                + "(/v2/models/NAME/infer, health, metadata), POST /predictions/NAME with image files, /ping, /metrics, "
                + "and a web page at /.",
                "Concurrent requests are batched into one forward pass behind a bounded queue (503 with Retry-After "
                        + "when it is full). Listens on 127.0.0.1 unless --host says otherwise; any other host needs "
                        + "--token (or ATELIER_TOKEN), checked on every API call."})
class ServeCommand implements Callable<Integer> {
    private static final ServeConfig D = ServeConfig.defaults();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Trained runs to serve.")
    List<Path> runDirs;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The name of each run, in order (default: the run folder's name without its date and time, "
                    + "e.g. baseline for 2026-12-04T16-19-38-baseline; the whole folder name when two would clash).")
    List<String> names = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: " + ServeConfig.LOOPBACK + ").")
    String host = D.host();

    @Option(names = "--port", paramLabel = "PORT", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = D.port();

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "Images per forward pass at most; 1 switches batching off (default: ${DEFAULT-VALUE}).")
    int maxBatchSize = D.maxBatchSize();

    @Option(names = "--max-batch-delay-ms", paramLabel = "MS",
            description = "How long a request waits for others to share its pass (default: ${DEFAULT-VALUE}).")
    int maxBatchDelay = D.maxBatchDelayMillis();

    @Option(names = "--queue", paramLabel = "N",
            description = "Requests waiting per model before new ones are refused with 503 (default: ${DEFAULT-VALUE}).")
    int queue = D.queueCapacity();

    @Option(names = "--max-body-mb", paramLabel = "MB", description = "Largest request body, in MB (default: ${DEFAULT-VALUE}).")
    int maxBodyMb = (int) (D.maxBodyBytes() >> 20);

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Required as 'Authorization: Bearer TOKEN' on API calls (default: $ATELIER_TOKEN; needed off loopback).")
    String token = System.getenv("ATELIER_TOKEN");

    @Option(names = "--runs", paramLabel = "DIR",
            description = "Also list the runs under DIR (two levels deep: studies and sweeps too) on the runs page, /runs.html.")
    Path runsFolder;

    @Mixin
    CalibratedOption calibration;

    @Mixin
    DeviceOption device;

    @Mixin
    EngineOption engine;

    /** Starts the server and returns it: what call() does before it waits, and what tests use. */
    PredictionServer start(PrintWriter log) {
        PredictionServer.configureJvm();
        if (!names.isEmpty() && names.size() != runDirs.size()) {
            throw new UserException("--name is given " + names.size() + " times for " + runDirs.size() + " runs");
        }
        List<RunDirectory> dirs = runDirs.stream().map(RunDirectory::existing).toList();
        List<String> folders = dirs.stream().map(d -> d.root().toAbsolutePath().normalize().getFileName().toString()).toList();
        List<String> shortNames = folders.stream().map(Timestamps::withoutStamp).toList();
        Map<String, RunDirectory> runs = new LinkedHashMap<>();
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory run = dirs.get(i);
            String shortName = shortNames.get(i);
            boolean clashes = shortNames.stream().filter(shortName::equals).count() > 1;
            String name = !names.isEmpty() ? names.get(i) : clashes ? folders.get(i) : shortName;
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new UserException("model name '" + name + "': letters, digits, '.', '_' and '-' only (give --name)");
            }
            if (name.equals(".") || name.contains("..")) {
                // a path segment '.' or '..' is resolved away by clients, and the server refuses '..' in any path
                throw new UserException("model name '" + name + "': a URL cannot name it ('.', '..' or holding '..'); give another --name");
            }
            if (runs.put(name, run) != null) {
                throw new UserException("two runs are both named '" + name + "'; tell them apart with --name");
            }
        }
        ServeConfig config = new ServeConfig(host, port, maxBatchSize, maxBatchDelay, queue, (long) maxBodyMb << 20,
                token == null || token.isBlank() ? null : token);
        return PredictionServer.start(config, runs, runsFolder, engine.loader(device).calibrating(calibration.calibrated), log);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter log = spec.commandLine().getOut();
        PredictionServer server = start(log);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: the requests already accepted are answered before the process ends
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.printf(Locale.ROOT, "stopping: no new connections; answering the %d request(s) in flight (at most %d s)%n",
                    server.inFlight(), ServeConfig.SHUTDOWN_GRACE_SECONDS);
            log.flush();
            server.close();
            log.println("stopped");
            log.flush();
            stopped.countDown();
        }));
        log.printf(Locale.ROOT, "ready at %s (Ctrl-C stops)%n", server.address());
        server.endpoints().forEach(line -> log.println("  " + line));
        log.flush();
        stopped.await();
        return 0;
    }
}
