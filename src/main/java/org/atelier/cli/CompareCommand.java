package org.atelier.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs: one table (accuracy, best epoch, gap, parameters, FLOPs, time, speed) and overlaid curves.")
class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories written by `atelier train`.")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/compare",
            description = "Where to write comparison.html, .csv and the curves (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        List<RunDirectory> runs = runDirs.stream().map(RunDirectory::existing).toList();
        Path report = ComparisonReport.write(out, runs, Map.of(), "Atelier comparison");
        spec.commandLine().getOut().println(report);
        return 0;
    }
}
