package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SpecTask;
import org.atelier.sweep.SweepFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What one process of a parallel sweep or study runs: one recorded spec, trained and evaluated into its folder. */
@Command(name = "run-task", hidden = true, mixinStandardHelpOptions = true, description = "Train and evaluate one run recorded in a sweep or study folder.")
class RunTaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The sweep or study folder.")
    Path out;

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "Its plan file's name: study.json or sweep.json.")
    String plan;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "The run to train.")
    String id;

    /** How a parent starts this command for each spec of {@code dir}. */
    static LocalRunner.ChildCommand child(Path dir, String planFile, String device) {
        return new LocalRunner.ChildCommand(AtelierCli.class.getName(), s -> new ArrayList<>(List.of("run-task",
                "--out", dir.toString(), "--plan", planFile, "--id", s.id(), "--device", device)));
    }

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        ParentWatch.stopWithParent(spec.commandLine().getErr());
        SweepFolder folder = new SweepFolder(out, plan, List.of());
        RunSpec run = folder.spec(id);
        PreparedData data = folder.isFinished(id) ? null : PreparedData.load(run.config().data(), DataLocator.standard());
        SpecTask.run(folder, run, data, new ConsoleProgress(log), device.select(), log, id);
        return 0;
    }
}
