package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.data.DataConfig;
import org.atelier.study.Study;
import org.atelier.study.StudyPlan;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SweepRunner;
import org.atelier.util.Timestamps;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run the reference study's sequence of experiments and its future work, evaluate each on the test set, "
                + "and write one comparison report.",
                "Running it again with the same --out skips finished experiments and resumes an interrupted one.",
                "The full plan is the reference's own (its exact CNN4b and MiniResNet, batch 128, 50 epochs): measured, about "
                        + "58 hours on 2 cores with AVX-512 (6.7-6.9 h per CNN4b experiment, 10.5 h per MiniResNet, 2.7 h for "
                        + "the bottleneck; without AVX-512 the MiniResNet took 2.3 times as long; BENCHMARKS.md). Run it in "
                        + "parts or at low priority; --quick checks the pipeline in about 18 minutes."})
class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--quick", description = "Atelier's lite models on 12,000 training images with fewer epochs: the whole "
            + "study in under 20 minutes on 2 cores, to check the pipeline (not the reference's figures).")
    boolean quick;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every experiment (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: studies/<timestamp>[-quick]).")
    Path out;

    @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Run only these experiments (comma-separated), of: ${atelier.study.experiments}.")
    List<String> only;

    @Option(names = "--epochs", paramLabel = "N", description = "Train each experiment for at most N epochs (default: the "
            + "plan's: 50, the baseline 10): the reference's models and settings in less time, each shortened experiment "
            + "labelled so in the comparison.")
    Integer epochs;

    @Mixin
    RunnerOptions runners;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        DataConfig dataConfig = data.toConfig();
        List<RunSpec> plan = StudyPlan.experiments(quick, dataConfig, seed);
        if (epochs != null) {
            plan = StudyPlan.shortened(plan, epochs);
        }
        if (only != null) {
            List<String> known = plan.stream().map(RunSpec::id).toList();
            for (String name : only) {
                if (!known.contains(name)) {
                    throw new UserException("unknown experiment '" + name + "'; the study has " + known);
                }
            }
            plan = plan.stream().filter(e -> only.contains(e.id())).toList();
        }
        Path dir = out != null ? out : Path.of("studies",
                Timestamps.forFolder() + (quick ? "-quick" : ""));
        SweepRunner runner = runners.create(dir, Study.PLAN_FILE, LocalRunner.cachedData(), log);
        log.printf(Locale.ROOT, "study of %d experiments into %s%n", plan.size(), dir);
        Study.Result result = Study.run(dir, plan, runner, log);
        log.print(result.report().summary());
        log.println("comparison: " + result.report().page());
        log.println(dir);
        return 0;
    }
}
