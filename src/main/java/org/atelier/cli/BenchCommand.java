package org.atelier.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.benchmark.BenchResult;
import org.atelier.benchmark.Benchmark;
import org.atelier.data.PreparedData;
import org.atelier.models.ModelArchitecture;
import org.atelier.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training and inference throughput, achieved GFLOP/s against the machine's matrix-product "
                + "ceiling, and where a training step's time goes.")
class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    DeviceOption device;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "baseline",
            description = "A model name, or 'all' (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "0",
            description = "Timed training steps (default: as many as fit in about 20 seconds, at least 10).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--augment", description = "Augment the batches (the study's settings), to measure the loader's cost.")
    boolean augment;

    @Option(names = "--beside-load", paramLabel = "N", defaultValue = "0",
            description = "Also measure training beside N threads that each keep a core busy: how training shares the "
                    + "machine with other work (default: ${DEFAULT-VALUE}, alone only).")
    int besideLoad;

    @Option(names = "--json", description = "Print one JSON object (an array for --model all).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ModelArchitecture> models = model.equals("all")
                ? List.of(ModelArchitecture.values()) : List.of(ModelArchitecture.byName(model));
        PreparedData prepared = data.load();
        Device where = device.select();
        double ceiling = Benchmark.matmulGflops(where);
        PrintWriter out = spec.commandLine().getOut();
        List<BenchResult> results = new ArrayList<>();
        for (ModelArchitecture m : models) {
            BenchResult r = Benchmark.run(m, prepared.train(), batchSize, warmup, steps, augment, ceiling, where, besideLoad);
            results.add(r);
            if (!json) {
                out.print(r.render());
                out.flush();
            }
        }
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(results.size() == 1 ? results.get(0) : results));
        }
        return 0;
    }
}
