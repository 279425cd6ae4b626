package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.atelier.config.SettingSource;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.Sweep;
import org.atelier.sweep.SweepFolder;
import org.atelier.sweep.SweepGrid;
import org.atelier.util.Plural;
import org.atelier.util.Timestamps;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train a grid of settings x seeds, evaluate each run on the test set, and compare them, with the mean "
                + "and standard deviation over seeds of each configuration (summary.csv, comparison.html).",
                "The grid comes from a JSON or YAML file (sections fixed, vary, seeds; options named as train's, without "
                        + "dashes) and/or from --fix, --vary and --seeds, which win over the file.",
                "Each run's folder is named by its settings and seed (MODEL-DIGEST-sSEED), so the same command again "
                        + "skips finished runs, resumes an interrupted one, and a grid grown by seeds or values reuses the "
                        + "runs it already has."})
class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A grid file, .json or .yaml/.yml.")
    Path file;

    @Option(names = "--vary", paramLabel = "OPTION=V1,V2,...",
            description = "Train with each of these values of a train option, e.g. --vary lr=0.001,0.003 (repeatable).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--fix", paramLabel = "OPTION=VALUE",
            description = "A train option for every run, e.g. --fix model=fastnet --fix epochs=3 (repeatable).")
    List<String> fix = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", split = ",", description = "Seeds, each run once per configuration (default: 42).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: sweeps/<timestamp>).")
    Path out;

    @Mixin
    RunnerOptions runners;

    @Option(names = "--dry-run", description = "Print the runs the grid makes, and train nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        List<Long> defaultSeeds = List.of(TrainConfig.defaults().seed());
        SweepGrid grid = (file != null ? SweepGrid.read(file, defaultSeeds) : SweepGrid.empty(defaultSeeds))
                .with(settings(fix, "--fix"), variations(vary), seeds, SettingSource.sweepOption("--fix/--vary"));
        Function<DataConfig, PreparedData> data = LocalRunner.cachedData();
        List<RunSpec> specs = specs(grid, data);
        if (dryRun) {
            specs.forEach(s -> log.printf(Locale.ROOT, "%s  %s, seed %d%n", s.id(), s.description(), s.config().seed()));
            log.println(Plural.of(specs.size(), "run"));
            return 0;
        }
        Path dir = out != null ? out : Path.of("sweeps", Timestamps.forFolder());
        log.printf(Locale.ROOT, "sweep of %s (%s x %s) into %s%n", Plural.of(specs.size(), "run"),
                Plural.of(grid.combinations().size(), "configuration"), Plural.of(grid.seeds().size(), "seed"), dir);
        Sweep.Result result = Sweep.run(dir, specs, runners.create(dir, SweepFolder.SWEEP_PLAN, data, log), log);
        log.print(result.report().summary());
        log.println("comparison: " + result.report().page());
        log.println(dir);
        return 0;
    }

    /** Every combination of the grid with every seed, as the configurations `train` would make of the same settings. */
    static List<RunSpec> specs(SweepGrid grid, Function<DataConfig, PreparedData> data) {
        List<RunSpec> specs = new ArrayList<>();
        for (Map<String, String> combination : grid.combinations()) {
            for (long seed : grid.seeds()) {
                specs.add(RunSpec.named(Sweep.trainConfig(grid.settings(combination, seed), data), grid.label(combination)));
            }
        }
        if (specs.stream().map(RunSpec::id).distinct().count() < specs.size()) {
            throw new UserException("sweep: two combinations of the grid make the same training (an option given a value "
                    + "it already has, or one that does not apply); every run must differ");
        }
        return specs;
    }

    /** The options as given, with or without their leading "--". */
    private static Map<String, String> settings(List<String> given, String flag) {
        return KeyValueOptions.parse(given.stream().map(s -> s.replaceFirst("^--", "")).toList(), flag, "OPTION=VALUE");
    }

    private static Map<String, List<String>> variations(List<String> given) {
        Map<String, List<String>> varied = new LinkedHashMap<>();
        settings(given, "--vary").forEach((option, values) -> varied.put(option, List.of(values.split(","))));
        return varied;
    }
}
