package org.atelier.run;

/** One row of history.csv. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double trainSeconds,
                          double imagesPerSecond, double loaderWaitSeconds, double residentMegabytes) {

    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,train_seconds,"
            + "images_per_second,loader_wait_seconds,resident_mb";

    public String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.1f,%.3f,%.1f", epoch, trainLoss,
                trainAccuracy, validationLoss, validationAccuracy, learningRate, trainSeconds, imagesPerSecond,
                loaderWaitSeconds, residentMegabytes);
    }

    public static EpochRecord fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 10) {
            throw new IllegalArgumentException("history row needs 10 fields: " + line);
        }
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Double.parseDouble(f[i]);
        }
        return new EpochRecord((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
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
