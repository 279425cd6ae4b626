package org.atelier.training;

import java.util.List;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;

/** What a finished (or early-stopped) run achieved. */
public record TrainingResult(RunDirectory run, List<EpochRecord> history, int bestEpoch,
                             double bestValidationAccuracy, long parameters, long flopsPerImage,
                             double trainSeconds, double trainImagesPerSecond, boolean stoppedEarly) {}
