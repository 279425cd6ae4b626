package org.atelier.workflow;

import java.util.Locale;
import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import org.atelier.models.Devices;
import org.atelier.run.Provenance;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunStanding;
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingResult;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * What training a run takes, whichever way it was asked for: a new run from settings (or a
 * recipe), an interrupted run resumed (or a finished one trained further), or an earlier run
 * repeated. Each way checks what it can before the data is read, then says where the run goes,
 * with what, and what its user should be told before it starts.
 */
public final class TrainWorkflow {
    private TrainWorkflow() {}

    /**
     * A run ready to train.
     *
     * @param notices what to tell the user before training starts, one line each
     */
    public record Prepared(RunDirectory run, TrainConfig config, PreparedData data, boolean resume, List<String> notices) {}

    /**
     * A new run of {@code settings} into {@code runDir}, or into a new folder under
     * {@link RunDirectory#DEFAULT_PARENT} named by the time, the recipe and the model.
     */
    public static Prepared newRun(SettingValues settings, Path runDir) {
        TrainConfig checked = settings.toConfig(null); // every setting checked before the seconds of reading the data
        String name = (settings.recipe() != null ? settings.recipe() + "-" : "") + checked.model();
        RunDirectory run = runDir != null ? new RunDirectory(runDir) : RunDirectory.fresh(RunDirectory.DEFAULT_PARENT, name);
        run.requireNoRun();
        PreparedData data = PreparedData.load(checked.data(), DataLocator.standard());
        TrainConfig config = settings.toConfig(data.train().first(checked.trainLimit()).classCounts());
        return new Prepared(run, config, data, false, List.of());
    }

    /**
     * The run in {@code runDir} resumed from its last save with its saved settings, or, with
     * {@code extendEpochs}, a finished run trained that many epochs further (recorded in its
     * config.json, its results of the shorter run removed).
     */
    public static Prepared resume(Path runDir, Integer extendEpochs) {
        RunDirectory run = RunDirectory.existing(runDir);
        RunStanding standing = RunStanding.of(run);
        List<String> notices = new ArrayList<>();
        TrainConfig config;
        if (extendEpochs == null) {
            if (standing.saved() != null) {
                standing.requireUnfinished();
            }
            config = standing.config();
        } else {
            boolean evaluated;
            // under the run's lock: a run another process trains or evaluates is not changed under it
            try (RunDirectory.Lock lock = run.lock()) {
                evaluated = run.has(RunDirectory.EVALUATION);
                config = RunStanding.of(run).extend(extendEpochs);
            }
            notices.add(String.format(Locale.ROOT, "extending %s from %d to %d epochs (after epoch %d%s); recorded in %s", run.root(),
                    standing.epochs(), config.epochs(), standing.epochsDone(),
                    standing.stoppedEarly() ? ", where early stopping had ended it" : "", RunDirectory.CONFIG));
            if (evaluated) {
                notices.add("its test evaluation was of the " + standing.epochsDone() + "-epoch model and is removed; evaluate "
                        + "it again when it has finished");
            }
        }
        return new Prepared(run, config, PreparedData.load(config.data(), DataLocator.standard()), true, notices);
    }

    /**
     * A new run with the settings and seeds of the run (or config.json) at {@code source}, its
     * extensions included, into {@code runDir} or a new folder; {@code dataDir}, when given, is
     * where the same data files are now. Says so when this process's thread count differs from the
     * one the run recorded, as the numbers then differ slightly.
     */
    public static Prepared repeat(Path source, Path runDir, Path dataDir) {
        Path file = Files.isDirectory(source) ? source.resolve(RunDirectory.CONFIG) : source;
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": no such file; --repeat takes a run directory or its " + RunDirectory.CONFIG);
        }
        TrainConfig config = RunDirectory.configIn(file);
        JsonNode saved = Json.read(file, JsonNode.class);
        if (dataDir != null) {
            config = config.toBuilder().data(new DataConfig(dataDir, config.data().validationFraction(), config.data().splitSeed()))
                    .build();
        }
        RunDirectory run = runDir != null ? new RunDirectory(runDir) : RunDirectory.fresh(RunDirectory.DEFAULT_PARENT, config.model());
        run.requireNoRun("choose another --run-dir");
        List<String> notices = new ArrayList<>();
        notices.add(String.format(Locale.ROOT, "repeating %s: %s, %d epochs, seed %d", file, config.model(), config.epochs(), config.seed()));
        RunDirectory.provenanceIn(saved).map(Provenance::threads).filter(t -> t > 0 && t != Devices.threads()).ifPresent(t ->
                notices.add(String.format(Locale.ROOT, "note: it was trained with %d threads and this process has %d, so its numbers will "
                        + "differ slightly (results are bit-reproducible for a given seed and thread count; ATELIER_THREADS "
                        + "sets it)", t, Devices.threads())));
        return new Prepared(run, config, PreparedData.load(config.data(), DataLocator.standard()), false, notices);
    }

    /**
     * Trains the prepared run (see {@link RunSteps#train}); stopped by Ctrl-C or SIGTERM, it saves,
     * and the message ends with {@code continueWith}.
     */
    public static TrainingResult train(Prepared p, ProgressListener listener, Device device, String continueWith) {
        return RunSteps.train(p.config(), p.data(), p.run(), p.resume(), listener, device, continueWith);
    }
}
