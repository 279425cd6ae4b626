package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.reporting.RunReport;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild runs' report.html and training-curves.png from their small files (config.json, history.csv, "
                + "metrics.json, evaluation.json, model-summary.txt), as this version of Atelier draws them: for runs made by "
                + "an earlier version, for published runs that keep no parameters, or for an unfinished run's curves so far.",
                "A run that another process trains or evaluates now is refused: its report is written when it finishes. "
                        + "The comparison files a glob such as results/study/* also matches are passed over."})
class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories.")
    List<Path> runDirs;

    @Override
    public Integer call() {
        List<RunDirectory> runs = CompareCommand.withoutComparisonFiles(runDirs).stream().map(RunDirectory::existing).toList();
        // Every run is checked for a training or evaluation under way before any is written.
        for (RunDirectory run : runs) {
            run.heldBy().ifPresent(holder -> {
                throw new UserException(run.root() + " is being trained or evaluated by " + holder
                        + "; its report is written when that ends");
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A damaged run is named with what is wrong; the others' reports are written all the same.
        int damaged = 0;
        for (RunDirectory run : runs) {
            try {
                out.println(RunReport.write(run));
            } catch (UserException | java.io.UncheckedIOException e) {
                out.flush();
                AtelierCli.say(err, e.getMessage());
                damaged++;
            }
        }
        out.flush();
        return damaged == 0 ? 0 : AtelierCli.EXIT_USER_ERROR;
    }
}
