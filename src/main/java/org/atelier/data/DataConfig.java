package org.atelier.data;

import java.nio.file.Path;

/**
 * How the data is found and split.
 *
 * @param dataDir folder with the four IDX files, or null to search the usual places
 * @param validationFraction share of each class of the training set held out for validation (0.2)
 * @param splitSeed seed of the stratified split (42)
 */
public record DataConfig(Path dataDir, double validationFraction, long splitSeed) {
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    public static final long DEFAULT_SPLIT_SEED = 42;

    public static DataConfig defaults() {
        return new DataConfig(null, DEFAULT_VALIDATION_FRACTION, DEFAULT_SPLIT_SEED);
    }
}
