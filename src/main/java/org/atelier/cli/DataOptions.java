package org.atelier.cli;

import java.nio.file.Path;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import picocli.CommandLine.Option;

/** The options every command that reads Fashion-MNIST shares. */
public class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four Fashion-MNIST IDX files (.gz or raw). Default: $ATELIER_DATA, "
                    + "~/.cache/atelier/fashion-mnist, /usr/share/datasets/fashion-mnist, else download.")
    Path dataDir;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of each class held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the stratified train/validation split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    public DataConfig toConfig() {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new org.atelier.util.UserException("--validation-fraction must be in [0, 1), got " + validationFraction);
        }
        return new DataConfig(dataDir, validationFraction, splitSeed);
    }

    public PreparedData load() {
        return PreparedData.load(toConfig(), DataLocator.standard());
    }
}
