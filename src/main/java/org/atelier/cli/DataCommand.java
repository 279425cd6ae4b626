package org.atelier.cli;

import java.util.Locale;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageExport;
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

    @Option(names = "--export-images", paramLabel = "DIR",
            description = "Also write the training images (all 60,000, before the split) as 28x28 PNG files into DIR, named "
                    + "train-INDEX-CLASS.png: real files to try predict on.")
    Path exportDir;

    @Option(names = "--export-limit", paramLabel = "N", description = "With --export-images: only the first N images.")
    Integer exportLimit;

    @Override
    public Integer call() {
        if (exportLimit != null && (exportLimit < 1 || exportDir == null)) {
            throw new org.atelier.util.UserException("--export-limit takes a number of images, 1 or more, with --export-images");
        }
        PreparedData prepared = data.load();
        if (exportDir != null) {
            FashionMnist raw = FashionMnist.load(prepared.source().dir());
            int written = ImageExport.write(raw.train(), exportLimit == null ? Integer.MAX_VALUE : exportLimit, "train", exportDir);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d training images as PNG files into %s%n", written, exportDir);
        }
        DatasetReport report = DatasetReport.write(prepared, out, data.toConfig().splitSeed());
        var stdout = spec.commandLine().getOut();
        stdout.print(report.summary().render());
        stdout.println("wrote " + report.samplesPng());
        stdout.println("wrote " + report.distributionPng());
        return 0;
    }
}
