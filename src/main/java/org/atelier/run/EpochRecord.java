package org.atelier.run;

import java.util.Locale;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One row of history.csv. {@code trainLoss} and {@code validationLoss} are both the plain
 * cross-entropy -log p(true class), so the two curves compare the same quantity;
 * {@code trainObjective} is what training minimised (with label smoothing and class weights, the
 * same as the loss without them). {@code validationSeconds} is NaN in rows written before it was
 * recorded.
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double trainSeconds,
                          double imagesPerSecond, double loaderWaitSeconds, double residentMegabytes,
                          double trainObjective, double validationSeconds) {

    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,train_seconds,"
            + "images_per_second,loader_wait_seconds,resident_mb,objective,validation_seconds";
    /** Rows written before the objective had its own column, whose loss was the objective. */
    private static final int OLD_FIELDS = 10;
    private static final int FIELDS = 12;

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.1f,%.3f,%.1f,%.6f,%.3f", epoch,
                trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, trainSeconds, imagesPerSecond,
                loaderWaitSeconds, residentMegabytes, trainObjective, validationSeconds);
    }

    /**
     * The row by history.csv's column names, in their order; a figure that was not measured (NaN:
     * no validation split, or a column older files lack) is left out.
     */
    public java.util.Map<String, Double> columns() {
        String[] names = CSV_HEADER.split(",");
        double[] values = {epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, trainSeconds,
                imagesPerSecond, loaderWaitSeconds, residentMegabytes, trainObjective, validationSeconds};
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (Double.isFinite(values[i])) {
                out.put(names[i], values[i]);
            }
        }
        return out;
    }

    public static EpochRecord fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length < OLD_FIELDS || f.length > FIELDS) {
            throw new IllegalArgumentException(f.length + " fields where a row has " + OLD_FIELDS + " to " + FIELDS);
        }
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            try {
                v[i] = Double.parseDouble(f[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("field " + (i + 1) + " is '" + f[i] + "', not a number");
            }
        }
        return new EpochRecord((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                f.length == OLD_FIELDS ? v[1] : v[10], f.length == FIELDS ? v[11] : Double.NaN);
    }

    /** The epoch's training and validation time, or its training time where validation's was not recorded. */
    public double epochSeconds() {
        return Double.isNaN(validationSeconds) ? trainSeconds : trainSeconds + validationSeconds;
    }

    /** The epoch of highest validation accuracy, the first of equals as training keeps it; empty without validation. */
    public static Optional<EpochRecord> bestByValidation(List<EpochRecord> history) {
        // A run without a validation split records NaN there.
        return history.stream().filter(r -> !Double.isNaN(r.validationAccuracy()))
                .max(Comparator.comparingDouble(EpochRecord::validationAccuracy));
    }

    /**
     * The median time of the epochs, training and validation; NaN for none. The pace to plan by:
     * one epoch slowed by other work on the cores does not move it, as it would a mean.
     */
    public static double medianEpochSeconds(List<EpochRecord> history) {
        double[] sorted = history.stream().mapToDouble(EpochRecord::epochSeconds).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The process's resident memory (Java heap and native tensors together) from /proc, in MB, or
     * NaN where /proc is not there. Flat across epochs means no native arrays leak.
     */
    public static double residentMegabytesNow() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
