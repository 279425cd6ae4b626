package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.atelier.config.Monitor;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Evaluation;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.LocalRunner;
import org.atelier.tune.SegmentTrainer;
import org.atelier.tune.Leaderboard;
import org.atelier.tune.SearchSpace;
import org.atelier.tune.TuneFolder;
import org.atelier.tune.TuneSettings;
import org.atelier.tune.Tuner;
import org.atelier.util.Plural;
import org.atelier.util.ShellWords;
import org.atelier.util.Timestamps;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search training settings with asynchronous successive halving (ASHA): trials drawn from a space "
                + "train a few epochs; the best 1/ETA of those recorded at each rung train on from their checkpoints to the "
                + "next, up to --max-epochs. Trials are ranked on the validation split only.",
                "SPACE is a YAML or JSON file: fixed: {OPTION: VALUE, ...} with train's options (without dashes), and "
                        + "search: {OPTION: {choice: [...]} | {uniform: [LO, HI]} | {loguniform: [LO, HI]} | {int: [LO, HI]}}.",
                "Every trial is the first epochs of its full-length run: its learning-rate schedule (one-cycle, or "
                        + "ReduceLROnPlateau, which watches the trial's own epochs) and its split are those of --max-epochs "
                        + "epochs, so a trial stopped at a rung is not a shorter run with another schedule.",
                "Writes DIR/leaderboard.csv and leaderboard.html, and the best trial's settings as DIR/best.yaml for "
                        + "`atelier train --config`. The same command again goes on where it stopped; another SPACE, or other "
                        + "--trials, --max-epochs, --grace-epochs, --reduction-factor, --metric or --seed, on the same DIR "
                        + "are refused, naming the difference (the runner, --device and --test-best may change)."})
class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPACE", description = "The search space, .yaml/.yml or .json.")
    Path space;

    @Option(names = "--out", paramLabel = "DIR", description = "The search's folder (default: tunes/<timestamp>).")
    Path out;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "16", description = "Trials to start at most (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--max-epochs", paramLabel = "R", defaultValue = "9",
            description = "The full length of a trial, its last rung (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--grace-epochs", paramLabel = "r", defaultValue = "1",
            description = "Epochs every trial trains before its first comparison, the first rung (default: ${DEFAULT-VALUE}).")
    int graceEpochs;

    @Option(names = "--reduction-factor", paramLabel = "ETA", defaultValue = "3",
            description = "Rungs at r, r*ETA, r*ETA^2, ... epochs below R, then R; the best 1/ETA of a rung go on "
                    + "(default: ${DEFAULT-VALUE}).")
    int reductionFactor;

    @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "val_accuracy", converter = MetricName.class,
            description = "What ranks trials: val_accuracy or val_loss, each trial's best epoch up to a rung "
                    + "(default: ${DEFAULT-VALUE}).")
    Monitor metric;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Draws the trials, and is each trial's training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-best", description = "Once the search is over, evaluate the best trial once on the test set.")
    boolean testBest;

    @Option(names = "--dry-run", description = "Print the rungs and the trials' settings, and train nothing.")
    boolean dryRun;

    @Mixin
    RunnerOptions runners;

    static final class MetricName implements picocli.CommandLine.ITypeConverter<Monitor> {
        @Override
        public Monitor convert(String text) {
            try {
                return Monitor.byId(text);
            } catch (org.atelier.util.UserException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        SearchSpace searchSpace = SearchSpace.read(space);
        TuneSettings settings = new TuneSettings(trials, maxEpochs, graceEpochs, reductionFactor, metric, seed);
        Function<DataConfig, PreparedData> data = LocalRunner.cachedData();
        // every trial's settings are checked before anything is written or trained: a bad draw is found now, not hours in
        for (int t = 1; t <= trials; t++) {
            Tuner.trialConfig(searchSpace, settings, t, data);
        }
        int reachable = settings.furthestRung();
        String shortOfLastRung = reachable == settings.rungs().size() - 1 ? null : String.format(Locale.ROOT,
                "with %s and --reduction-factor %d no trial gets past %d epochs (the full %d takes at least %d trials)",
                Plural.of(trials, "trial"), reductionFactor, settings.rungs().get(reachable), maxEpochs,
                settings.trialsForLastRung());
        if (testBest && shortOfLastRung != null) {
            throw new UserException("--test-best evaluates the best trial trained to its full length, but " + shortOfLastRung);
        }
        if (dryRun) {
            log.printf(Locale.ROOT, "rungs at %s epochs; up to %s%n", settings.rungs(), Plural.of(trials, "trial"));
            if (shortOfLastRung != null) {
                log.println("note: " + shortOfLastRung);
            }
            for (int t = 1; t <= trials; t++) {
                log.printf(Locale.ROOT, "%s  %s%n", TuneFolder.trialName(t), Leaderboard.shown(searchSpace.draw(seed, t)));
            }
            return 0;
        }
        Path dir = out != null ? out : Path.of("tunes", Timestamps.forFolder());
        TuneFolder folder = TuneFolder.open(dir, searchSpace, settings);
        if (shortOfLastRung != null) {
            log.println("note: " + shortOfLastRung);
        }
        log.printf(Locale.ROOT, "tuning search of up to %s, rungs at %s epochs, into %s%n", Plural.of(trials, "trial"),
                settings.rungs(), dir);
        Leaderboard board;
        try (SegmentTrainer trainer = runners.segments(folder, () -> Tuner.inProcess(folder, searchSpace, settings, data,
                runners.device.select(), new ConsoleProgress(log)), log)) {
            board = new Tuner(folder, searchSpace, settings, trainer, log).run();
        }
        log.println("leaderboard: " + folder.file(TuneFolder.LEADERBOARD_HTML));
        board.best().ifPresent(best -> {
            log.printf(Locale.ROOT, "best: trial %d (%s); train it with: ./atelier train --config %s%n", best.trial(),
                    Leaderboard.shown(best.values()),
                    ShellWords.quote(folder.file(TuneFolder.BEST)));
            if (testBest) {
                RunDirectory run = folder.trial(best.trial());
                TrainConfig config = run.config();
                PreparedData prepared = data.apply(config.data());
                Evaluation.Result result = RunSteps.evaluate(run, prepared.test(), prepared.validation(), Evaluation.matchingTta(run),
                        runners.device.select());
                log.printf(Locale.ROOT, "best trial's test accuracy: %.4f (%s, the only look at the test set)%n",
                        result.metrics().accuracy(), run.root());
                board.write();
            }
        });
        log.println(dir);
        return 0;
    }
}
