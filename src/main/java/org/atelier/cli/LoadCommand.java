package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atelier.data.DataLocator;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageSet;
import org.atelier.run.RunDirectory;
import org.atelier.inference.LoadedModel;
import org.atelier.inference.ModelLoader;
import org.atelier.serving.LoadGenerator;
import org.atelier.serving.PredictionServer;
import org.atelier.serving.ServeConfig;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Measure `serve` under load: serves RUN_DIR on a free loopback port with batching on, then off, "
                + "and sends test-set PNGs from 1, 8 and 64 concurrent clients (POST /predictions); prints requests/s and "
                + "p50/p99 latency, beside batched single-process prediction as the ceiling.",
                "Bounded: --requests per level and --max-seconds each; loopback only."})
class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A trained run.")
    Path runDir;

    @Option(names = "--clients", paramLabel = "N", split = ",", description = "Concurrent clients per level (default: 1,8,64).")
    List<Integer> clients = new ArrayList<>(List.of(1, 8, 64));

    @Option(names = "--requests", paramLabel = "N", description = "Requests per level (default: ${DEFAULT-VALUE}).")
    int requests = 2000;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Time limit per level (default: ${DEFAULT-VALUE}).")
    int maxSeconds = 60;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Batching on: images per pass (default: ${DEFAULT-VALUE}).")
    int maxBatchSize = ServeConfig.defaults().maxBatchSize();

    @Option(names = "--max-batch-delay-ms", paramLabel = "MS", description = "Batching on: the wait (default: ${DEFAULT-VALUE}).")
    int maxBatchDelay = ServeConfig.defaults().maxBatchDelayMillis();

    @Mixin
    DataOptions data;

    @Mixin
    EngineOption engine;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || maxSeconds < 1 || clients.stream().anyMatch(c -> c < 1 || c > 512)) {
            throw new UserException("--requests and --max-seconds must be at least 1, --clients 1 to 512 each");
        }
        PrintWriter out = spec.commandLine().getOut();
        RunDirectory run = RunDirectory.existing(runDir);
        ImageSet test = FashionMnist.load(DataLocator.standard().locate(data.toConfig().dataDir()).dir()).test();
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pngs.add(org.atelier.data.ImageExport.png(test, i));
        }
        ModelLoader loader = engine.onCpu();
        out.printf(Locale.ROOT, "engine %s; the network alone, single-process: %s%n", loader.engine(), ceiling(loader, run, test));
        out.printf(Locale.ROOT, "%-12s %8s %9s %10s %9s %9s %7s%n", "batching", "clients", "requests", "req/s", "p50 ms", "p99 ms", "failed");
        for (boolean batching : List.of(true, false)) {
            ServeConfig config = new ServeConfig(ServeConfig.LOOPBACK, 0, batching ? maxBatchSize : 1, batching ? maxBatchDelay : 0,
                    1024, ServeConfig.defaults().maxBodyBytes(), null);
            PredictionServer.configureJvm();
            try (PredictionServer server = PredictionServer.start(config, Map.of("m", run), loader,
                    new PrintWriter(new StringWriter()))) {
                URI target = server.address().resolve("predictions/m");
                LoadGenerator.run(target, "image/png", pngs, 4, 100, Duration.ofSeconds(10)); // warm the connections and JIT
                for (int c : clients) {
                    LoadGenerator.Result r = LoadGenerator.run(target, "image/png", pngs, c, requests, Duration.ofSeconds(maxSeconds));
                    out.printf(Locale.ROOT, "%-12s %8d %9d %10.1f %9.2f %9.2f %7d%n", batching ? "on (" + maxBatchSize + ")" : "off", c,
                            r.requests(), r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.failed());
                    out.flush();
                }
            }
        }
        return 0;
    }

    /**
     * Images/s of the network alone on test images in passes of 1, 64 and 500 (the last the ceiling
     * no server can beat here): the passes' images prepared beforehand, one warm-up pass, then
     * passes until 2,000 images or 10 s, whichever comes first.
     */
    private static String ceiling(ModelLoader loader, RunDirectory run, ImageSet test) {
        List<String> rates = new ArrayList<>();
        try (LoadedModel model = loader.load(run)) {
            for (int batch : List.of(1, 64, 500)) {
                List<ImageSet> passes = new ArrayList<>();
                for (int start = 0; start + batch <= test.size() && passes.size() * batch < 2000; start += batch) {
                    passes.add(test.subset(java.util.stream.IntStream.range(start, start + batch).toArray()));
                }
                model.classifier().probabilities(passes.get(0));
                int images = 0;
                long t0 = System.nanoTime();
                for (ImageSet pass : passes) {
                    model.classifier().probabilities(pass);
                    images += batch;
                    if (System.nanoTime() - t0 > 10_000_000_000L) {
                        break;
                    }
                }
                rates.add(String.format(Locale.ROOT, "%,.0f images/s in passes of %d", images / ((System.nanoTime() - t0) / 1e9), batch));
            }
        }
        return String.join(", ", rates);
    }
}
