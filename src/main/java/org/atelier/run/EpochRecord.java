package org.atelier.run;

/** One row of history.csv. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double trainSeconds,
                          double imagesPerSecond, double loaderWaitSeconds) {

    public static final String CSV_HEADER =
            "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,train_seconds,images_per_second,loader_wait_seconds";

    public String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.1f,%.3f", epoch, trainLoss,
                trainAccuracy, validationLoss, validationAccuracy, learningRate, trainSeconds, imagesPerSecond,
                loaderWaitSeconds);
    }

    public static EpochRecord fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 9) {
            throw new IllegalArgumentException("history row needs 9 fields: " + line);
        }
        return new EpochRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]));
    }
}
