package org.atelier.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.data.PreparedData;
import org.atelier.reporting.DatasetReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Load, check and split Fashion-MNIST; print a summary and write sample and class-distribution charts.")
class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/data",
            description = "Where to write summary.txt, samples.png and class-distribution.png (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        PreparedData prepared = data.load();
        DatasetReport report = DatasetReport.write(prepared, out, data.splitSeed);
        var stdout = spec.commandLine().getOut();
        stdout.print(report.summary().render());
        stdout.println("wrote " + report.samplesPng());
        stdout.println("wrote " + report.distributionPng());
        return 0;
    }
}
