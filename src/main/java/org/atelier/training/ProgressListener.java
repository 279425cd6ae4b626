package org.atelier.training;

import java.util.List;
import org.atelier.run.EpochRecord;

/** Hears the trainer's progress; the CLI draws progress bars with it, tests listen to nothing. */
public interface ProgressListener {
    /** A resumed run's epochs from before this process, told before its first epoch here starts. */
    default void onResume(List<EpochRecord> history) {}

    default void onEpochStart(int epoch, int epochs, int batches) {}

    /** After each step: the epoch's running mean loss and accuracy and its throughput so far. */
    default void onBatch(int batch, double loss, double accuracy, double imagesPerSecond) {}

    /** The epoch's batches are trained (and saved, where the run saves mid-epoch); validation begins. */
    default void onValidation(int epoch, int images) {}

    default void onEpochEnd(EpochRecord record, boolean best) {}

    ProgressListener SILENT = new ProgressListener() {};
}
