package org.atelier.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.sweep.LocalRunner;
import org.atelier.training.TrainingDiverged;
import org.atelier.tune.ChildProcessTrainer;
import org.atelier.tune.TuneFolder;
import org.atelier.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What one process of a parallel tuning search runs: one trial of the search recorded in a folder, trained to an epoch. */
@Command(name = "tune-segment", hidden = true, mixinStandardHelpOptions = true,
        description = "Train one trial of a tuning search to an epoch.")
class TuneSegmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The search's folder.")
    Path out;

    @Option(names = "--trial", paramLabel = "N", required = true, description = "The trial.")
    int trial;

    @Option(names = "--epochs", paramLabel = "E", required = true, description = "Train until the trial's run has E epochs.")
    int epochs;

    /** The arguments with which a parent starts this command for a trial and an epoch. */
    static List<String> arguments(Path dir, String device, int trial, int epochs) {
        return List.of("tune-segment", "--out", dir.toString(), "--trial", String.valueOf(trial), "--epochs", String.valueOf(epochs),
                "--device", device);
    }

    @Override
    public Integer call() {
        ParentWatch.stopWithParent(spec.commandLine().getErr());
        TuneFolder.Recorded search = TuneFolder.recorded(out);
        try {
            Tuner.trainSegment(search.folder(), search.space(), search.settings(), trial, epochs, LocalRunner.cachedData(),
                    device.select(), new ConsoleProgress(spec.commandLine().getOut()));
        } catch (TrainingDiverged diverged) {
            AtelierCli.say(spec.commandLine().getErr(), diverged.getMessage());
            return ChildProcessTrainer.DIVERGED;
        }
        return 0;
    }
}
