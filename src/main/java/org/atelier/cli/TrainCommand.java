package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.atelier.sweep.SettingsFile;
import org.atelier.util.ShellWords;
import java.util.concurrent.Callable;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainSettings;
import org.atelier.run.RunStanding;
import org.atelier.training.TrainingResult;
import org.atelier.util.UserException;
import org.atelier.workflow.TrainWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainCommand.Settings.class,
        description = "Train a model into a run directory (config, history, parameters, metrics, curves, report).")
class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write the run here (default: runs/<timestamp>-<model>).")
    Path runDir;

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "A fixed recipe, fast or best: it sets the model, schedule, augmentation and smoothing and trains on "
                    + "all 60,000 images; only --seed, --epochs, --data, --run-dir and --validation-fraction (to check its "
                    + "choices on a held-out split) still apply.")
    String recipe;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Train with the settings of a YAML or JSON file of train's options without dashes (model: fastnet, "
                    + "lr: 0.002, ...; a tuning search's best.yaml), each checked as on the command line; options given "
                    + "here win over the file's.")
    Path config;

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

    /** Adds the training settings' options, in their groups, from their declarations. */
    static final class Settings implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingOptions.addTo(spec, TrainSettings.ALL, true);
        }
    }

    /** The options that may stand beside --repeat: where the new run goes and where the data is, not how it trains. */
    private static final List<String> REPEAT_OPTIONS = List.of("--repeat", "--run-dir", "--data", "--device");

    /** The options that may stand beside --resume: all others would change the run it continues. */
    private static final List<String> RESUME_OPTIONS = List.of("--resume", "--extend-epochs", "--device");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (extendEpochs != null && resume == null) {
            throw new UserException("--extend-epochs goes with --resume RUN_DIR");
        }
        TrainWorkflow.Prepared prepared;
        if (repeat != null) {
            refuseBesides(REPEAT_OPTIONS, others -> "--repeat trains with the settings of " + repeat + ", so " + others
                    + " cannot apply; for other settings train a new run with them");
            prepared = TrainWorkflow.repeat(repeat, runDir, settings().get(TrainSettings.DATA_DIR));
        } else if (resume != null) {
            refuseBesides(RESUME_OPTIONS, others -> "--resume continues " + resume + " with its saved settings (config.json), so "
                    + others + " cannot apply; to train it further use --extend-epochs N, for other settings start a new run");
            prepared = TrainWorkflow.resume(resume, extendEpochs);
        } else {
            prepared = TrainWorkflow.newRun(newRunSettings(), runDir);
        }
        prepared.notices().forEach(out::println);
        out.println((prepared.resume() ? "resuming " : "training ") + prepared.config().model() + " into " + prepared.run().root()
                + (prepared.resume() ? " " + RunStanding.of(prepared.run()).resumePoint() : ""));
        out.flush();
        TrainingResult result = TrainWorkflow.train(prepared, new ConsoleProgress(out), device.select(),
                "./atelier train --resume " + ShellWords.quote(prepared.run().root()));
        String outcome = Double.isNaN(result.bestValidationAccuracy())
                ? "kept epoch " + result.bestEpoch() + " (no validation split)"
                : String.format(Locale.ROOT, "best val_accuracy %.4f at epoch %d", result.bestValidationAccuracy(), result.bestEpoch());
        out.printf(Locale.ROOT, "%s; %.0f s of training, %,.0f images/s; evaluate with: ./atelier evaluate %s%n", outcome,
                result.trainSeconds(), result.trainImagesPerSecond(), ShellWords.quote(prepared.run().root()));
        out.println(prepared.run().root());
        return 0;
    }

    private SettingValues settings() {
        return SettingOptions.read(spec, TrainSettings.ALL);
    }

    /** The settings of a new run as the command line gives them, the recipe's included. */
    SettingValues newRunSettings() {
        SettingValues settings = config == null ? settings() : SettingsFile.read(config).overriddenBy(settings());
        return recipe == null ? settings : settings.recipe(recipe);
    }

    /** Refuses the options on the command line other than {@code allowed}, naming them in the message. */
    private void refuseBesides(List<String> allowed, java.util.function.Function<String, String> message) {
        List<String> others = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.names()[0])
                .filter(name -> !allowed.contains(name)).toList();
        if (!others.isEmpty()) {
            throw new UserException(message.apply(String.join(", ", others)));
        }
    }
}
