package org.atelier.inference;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.util.ClusterSettings;
import org.atelier.util.Plugins;

/**
 * Batch prediction by an optional module, found through {@link ServiceLoader}: `predict --runner
 * spark` lives in Atelier's Spark module. Every input becomes one output row: its prediction, or
 * the reason it could not be read; a blank image's row also carries a warning.
 */
public interface BatchPredictionProvider {
    /** What --runner calls it. */
    String name();

    Summary predict(Request request, ClusterSettings settings, PrintWriter log);

    /**
     * @param input a folder of images (read as {@link InputFolders} says), or a Parquet table of (id, bytes); a path or URI
     * @param output the folder to write, which must not exist yet
     * @param format parquet or csv
     * @param temperature T to calibrate the probabilities with, as {@link OutputCalibration} applies it; null for the network's own
     */
    record Request(Path run, String input, String output, String format, ImagePreprocessor.Background background,
                   TestTimeAugmentation tta, Double temperature) {}

    /**
     * @param failed inputs that could not be read: rows with an error and no prediction
     * @param blank inputs predicted but blank after preprocessing: rows with a warning
     * @param subfolders subfolders of the input folder, left alone
     */
    record Summary(long predicted, long failed, long blank, long subfolders, double seconds) {}

    static BatchPredictionProvider named(String name) {
        return Plugins.named(BatchPredictionProvider.class, BatchPredictionProvider::name, name);
    }
}
