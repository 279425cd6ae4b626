package org.atelier.reporting;

import java.nio.file.Path;
import org.atelier.data.DatasetSummary;
import org.atelier.data.PreparedData;
import org.atelier.util.AtomicFiles;

/** What `atelier data` produces: the summary table and the two dataset pictures. */
public record DatasetReport(DatasetSummary summary, Path summaryFile, Path samplesPng, Path distributionPng) {
    public static final int SAMPLES_PER_SET = 24;

    public static DatasetReport write(PreparedData data, Path outDir, long seed) {
        DatasetSummary summary = DatasetSummary.of(data);
        Path summaryFile = outDir.resolve("summary.txt");
        Path samples = outDir.resolve("samples.png");
        Path distribution = outDir.resolve("class-distribution.png");
        AtomicFiles.writeString(summaryFile, summary.render());
        DatasetCharts.writeSampleGrid(samples, data.train(), data.test(), SAMPLES_PER_SET, seed);
        DatasetCharts.writeClassDistribution(distribution, summary.trainCounts(), summary.validationCounts());
        return new DatasetReport(summary, summaryFile, samples, distribution);
    }
}
