package org.atelier.data;

import java.util.Locale;

/**
 * Images per class in each split, and the pixel statistics of the training split (after scaling
 * to [0,1]).
 */
public record DatasetSummary(int[] trainCounts, int[] validationCounts, int[] testCounts,
                             double trainPixelMean, double trainPixelStd) {

    public static DatasetSummary of(PreparedData data) {
        double[] stats = pixelMeanAndStd(data.train());
        return new DatasetSummary(data.train().classCounts(), data.validation().classCounts(),
                data.test().classCounts(), stats[0], stats[1]);
    }

    /** Mean and population standard deviation of all pixels, scaled to [0,1]. */
    public static double[] pixelMeanAndStd(ImageSet images) {
        // A histogram of the 256 byte values gives exact sums without accumulating 47M floats.
        long[] histogram = new long[256];
        for (byte p : images.pixels()) {
            histogram[p & 0xff]++;
        }
        double n = images.pixels().length;
        double sum = 0;
        double sumSquares = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            sum += histogram[v] * x;
            sumSquares += histogram[v] * x * x;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sumSquares / n - mean * mean))};
    }

    /** A plain-text table for the terminal. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-13s %8s %10s %8s%n", "class", "train", "validation", "test"));
        int[] totals = new int[3];
        for (int c = 0; c < FashionClass.COUNT; c++) {
            out.append(String.format(Locale.ROOT, "%d %-11s %8d %10d %8d%n", c, FashionClass.nameOf(c),
                    trainCounts[c], validationCounts[c], testCounts[c]));
            totals[0] += trainCounts[c];
            totals[1] += validationCounts[c];
            totals[2] += testCounts[c];
        }
        out.append(String.format(Locale.ROOT, "%-13s %8d %10d %8d%n", "total", totals[0], totals[1], totals[2]));
        out.append(String.format(Locale.ROOT, "pixel mean %.4f, standard deviation %.4f (training split, scaled to [0,1])%n",
                trainPixelMean, trainPixelStd));
        return out.toString();
    }
}
