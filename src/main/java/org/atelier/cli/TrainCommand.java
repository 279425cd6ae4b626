package org.atelier.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.config.Recipes;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import org.atelier.models.Devices;
import org.atelier.models.ModelArchitecture;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunStanding;
import org.atelier.training.TrainingResult;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model into a run directory (config, history, parameters, metrics, curves, report).")
class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions options;

    @Mixin
    DataOptions data;

    @Mixin
    DeviceOption device;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write the run here (default: runs/<timestamp>-<model>).")
    Path runDir;

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "A fixed recipe, fast or best (see the README): it sets the model, schedule, augmentation and "
                    + "smoothing and trains on all 60,000 images; only --seed, --epochs, --data, --run-dir and "
                    + "--validation-fraction (to check its choices on a held-out split) still apply.")
    String recipe;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run from its last save (each epoch's end, every 10 minutes within one, and "
                    + "the batch under way at Ctrl-C), exactly as it would have gone on: its saved configuration applies, and "
                    + "no training option may be given beside it.")
    Path resume;

    @Option(names = "--extend-epochs", paramLabel = "N",
            description = "With --resume: train the run N epochs further than planned, recorded in its config.json "
                    + "(a run that early stopping ended gets a fresh patience; a one-cycle run cannot be extended).")
    Integer extendEpochs;

    @Option(names = "--repeat", paramLabel = "RUN_DIR",
            description = "Train a new run with an earlier run's settings and seeds, read from its config.json (or that file "
                    + "given itself), extensions included: with the same thread count, the same numbers epoch by epoch. Only "
                    + "--run-dir, --data and --device may stand beside it.")
    Path repeat;

    /** The options that may stand beside --repeat: where the new run goes and where the data is, not how it trains. */
    private static final List<String> REPEAT_OPTIONS = List.of("--repeat", "--run-dir", "--data", "--device");

    /** The options that may stand beside --resume: all others would change the run it continues. */
    private static final List<String> RESUME_OPTIONS = List.of("--resume", "--extend-epochs", "--device");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunDirectory run;
        TrainConfig config;
        PreparedData prepared;
        if (extendEpochs != null && resume == null) {
            throw new UserException("--extend-epochs goes with --resume RUN_DIR");
        }
        if (repeat != null) {
            config = repeatedConfig(out);
            run = runDir != null ? new RunDirectory(runDir) : RunDirectory.fresh(Path.of("runs"), config.model());
            if (run.has(RunDirectory.CONFIG)) {
                throw new UserException(run.root() + " already holds a run; choose another --run-dir");
            }
            prepared = PreparedData.load(config.data(), DataLocator.standard());
        } else if (resume != null) {
            run = RunDirectory.existing(resume);
            config = resumedConfig(run, out);
            prepared = PreparedData.load(config.data(), DataLocator.standard());
        } else {
            DataConfig dataConfig = data.toConfig();
            ModelArchitecture.byName(options.model);
            run = runDir != null ? new RunDirectory(runDir) : RunDirectory.fresh(Path.of("runs"), options.model);
            if (run.has(RunDirectory.CONFIG)) {
                throw new UserException(run.root() + " already holds a run; use --resume to continue it or choose another --run-dir");
            }
            if (recipe != null) {
                config = recipeConfig(dataConfig);
                run = runDir != null ? run : RunDirectory.fresh(Path.of("runs"), recipe + "-" + config.model());
                prepared = PreparedData.load(config.data(), DataLocator.standard());
            } else {
                options.toConfig(dataConfig, null); // every option checked before the seconds of reading the data
                prepared = PreparedData.load(dataConfig, DataLocator.standard());
                config = options.toConfig(dataConfig, prepared.train().first(options.trainLimitOrAll()).classCounts());
            }
        }
        TrainingResult result = train(config, prepared, run, resume != null, out, device.select());
        String outcome = Double.isNaN(result.bestValidationAccuracy())
                ? "kept epoch " + result.bestEpoch() + " (no validation split)"
                : String.format("best val_accuracy %.4f at epoch %d", result.bestValidationAccuracy(), result.bestEpoch());
        out.printf("%s; %.0f s of training, %,.0f images/s; evaluate with: ./atelier evaluate %s%n", outcome,
                result.trainSeconds(), result.trainImagesPerSecond(), run.root());
        out.println(run.root());
        return 0;
    }

    /** The options on the command line other than {@code allowed}, by their first name. */
    private List<String> optionsGivenBesides(List<String> allowed) {
        return spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.names()[0])
                .filter(name -> !allowed.contains(name)).toList();
    }

    /**
     * The settings of the run to repeat, with the data read from --data when given (the same files
     * elsewhere); says so when this process's thread count differs from the one the run recorded.
     */
    private TrainConfig repeatedConfig(PrintWriter out) {
        List<String> others = optionsGivenBesides(REPEAT_OPTIONS);
        if (!others.isEmpty()) {
            throw new UserException("--repeat trains with the settings of " + repeat + ", so " + String.join(", ", others)
                    + " cannot apply; for other settings train a new run with them");
        }
        Path file = Files.isDirectory(repeat) ? repeat.resolve(RunDirectory.CONFIG) : repeat;
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": no such file; --repeat takes a run directory or its " + RunDirectory.CONFIG);
        }
        TrainConfig config = Json.read(file, TrainConfig.class);
        ModelArchitecture.byName(config.model());
        if (data.dataDir != null) {
            config = config.toBuilder().data(new DataConfig(data.dataDir, config.data().validationFraction(),
                    config.data().splitSeed())).build();
        }
        JsonNode recorded = Json.read(file, ObjectNode.class).path("provenance").path("threads");
        out.printf("repeating %s: %s, %d epochs, seed %d%n", file, config.model(), config.epochs(), config.seed());
        if (recorded.isInt() && recorded.asInt() != Devices.threads()) {
            out.printf("note: it was trained with %d threads and this process has %d, so its numbers will differ slightly "
                    + "(results are bit-reproducible for a given seed and thread count; ATELIER_THREADS sets it)%n",
                    recorded.asInt(), Devices.threads());
        }
        return config;
    }

    /** The run's saved configuration, extended when asked; refuses options that --resume would ignore. */
    private TrainConfig resumedConfig(RunDirectory run, PrintWriter out) {
        List<String> ignored = optionsGivenBesides(RESUME_OPTIONS);
        if (!ignored.isEmpty()) {
            throw new UserException("--resume continues " + run.root() + " with its saved settings (config.json), so "
                    + String.join(", ", ignored) + " cannot apply; to train it further use --extend-epochs N, "
                    + "for other settings start a new run");
        }
        RunStanding standing = RunStanding.of(run);
        if (extendEpochs == null) {
            if (standing.saved() != null) {
                standing.requireUnfinished();
            }
            return run.config();
        }
        TrainConfig extended;
        boolean evaluated;
        // under the run's lock: a run another process trains or evaluates is not changed under it
        try (RunDirectory.Lock lock = run.lock()) {
            evaluated = run.has(RunDirectory.EVALUATION);
            extended = RunStanding.of(run).extend(extendEpochs);
        }
        out.printf("extending %s from %d to %d epochs (after epoch %d%s); recorded in %s%n", run.root(), standing.epochs(),
                extended.epochs(), standing.epochsDone(), standing.stoppedEarly() ? ", where early stopping had ended it" : "",
                RunDirectory.CONFIG);
        if (evaluated) {
            out.printf("its test evaluation was of the %d-epoch model and is removed; evaluate it again when it has finished%n",
                    standing.epochsDone());
        }
        return extended;
    }

    /** The options that still apply with --recipe. */
    private static final List<String> RECIPE_OPTIONS = List.of("--recipe", "--seed", "--epochs", "--data", "--run-dir", "--device",
            "--validation-fraction", "--split-seed");

    TrainConfig recipeConfig(DataConfig dataConfig) {
        TrainConfig.Builder b = Recipes.byName(recipe, dataConfig).toBuilder();
        var parsed = spec.commandLine().getParseResult();
        List<String> fixed = optionsGivenBesides(RECIPE_OPTIONS);
        if (!fixed.isEmpty()) {
            throw new UserException("--recipe " + recipe + " fixes the training settings; only " + RECIPE_OPTIONS
                    + " apply, not " + String.join(", ", fixed));
        }
        if (parsed.hasMatchedOption("--seed")) {
            b.seed(options.seed);
        }
        if (parsed.hasMatchedOption("--epochs")) {
            b.epochs(options.epochs);
        }
        if (parsed.hasMatchedOption("--split-seed") && !parsed.hasMatchedOption("--validation-fraction")) {
            throw new UserException("--recipe " + recipe + " trains on every training image: --split-seed applies only with "
                    + "--validation-fraction");
        }
        if (parsed.hasMatchedOption("--validation-fraction")) {
            // The recipe's own choices are checked this way, on a held-out split rather than the test set.
            b.data(dataConfig);
        }
        return b.build();
    }

    /** Trains with progress output; stopped mid-run, it says how to resume. */
    static TrainingResult train(TrainConfig config, PreparedData prepared, RunDirectory run, boolean resume, PrintWriter out,
                                Device device) {
        out.println((resume ? "resuming " : "training ") + config.model() + " into " + run.root()
                + (resume ? " " + RunStanding.of(run).resumePoint() : ""));
        out.flush();
        return RunSteps.train(config, prepared, run, resume, new ConsoleProgress(out), device,
                "./atelier train --resume " + run.root());
    }
}
