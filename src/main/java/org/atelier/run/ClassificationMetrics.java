package org.atelier.run;

import java.util.Locale;
import org.atelier.data.FashionClass;

/**
 * Accuracy, the confusion matrix (rows: true class, columns: predicted class) and per-class
 * precision, recall and F1, from true and predicted labels.
 */
public record ClassificationMetrics(int[][] confusion, double accuracy, double[] precision, double[] recall,
                                    double[] f1, int[] support) {

    public static ClassificationMetrics of(byte[] trueLabels, int[] predicted) {
        int k = FashionClass.COUNT;
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < trueLabels.length; i++) {
            confusion[trueLabels[i]][predicted[i]]++;
            if (trueLabels[i] == predicted[i]) {
                correct++;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        int[] support = new int[k];
        for (int c = 0; c < k; c++) {
            int predictedAsC = 0;
            for (int t = 0; t < k; t++) {
                predictedAsC += confusion[t][c];
                support[c] += confusion[c][t];
            }
            int tp = confusion[c][c];
            precision[c] = predictedAsC == 0 ? 0 : (double) tp / predictedAsC;
            recall[c] = support[c] == 0 ? 0 : (double) tp / support[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        return new ClassificationMetrics(confusion, trueLabels.length == 0 ? 0 : (double) correct / trueLabels.length,
                precision, recall, f1, support);
    }

    /** The matrix with each row divided by its total: the share of each true class predicted as each class. */
    public double[][] rowNormalized() {
        double[][] out = new double[confusion.length][];
        for (int t = 0; t < confusion.length; t++) {
            out[t] = new double[confusion[t].length];
            int total = support[t];
            for (int p = 0; p < confusion[t].length; p++) {
                out[t][p] = total == 0 ? 0 : (double) confusion[t][p] / total;
            }
        }
        return out;
    }

    public String render() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-13s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < FashionClass.COUNT; c++) {
            out.append(String.format(Locale.ROOT, "%d %-11s %9.4f %9.4f %9.4f %8d%n", c, FashionClass.nameOf(c), precision[c],
                    recall[c], f1[c], support[c]));
        }
        out.append(String.format(Locale.ROOT, "accuracy %.4f on %d images%n", accuracy, java.util.Arrays.stream(support).sum()));
        return out.toString();
    }
}
