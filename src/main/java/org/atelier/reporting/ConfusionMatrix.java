package org.atelier.reporting;

import java.util.ArrayList;
import java.util.List;
import org.atelier.data.FashionClass;

/**
 * A confusion matrix as the page draws it: rows are the true classes, columns the predicted ones;
 * each cell's shade grows with its share of its row (light to dark), and its text turns white where
 * the shade is dark enough that black would not read.
 */
public record ConfusionMatrix(List<String> classes, List<List<Cell>> rows) {
    /** A cell's text, its background colour and whether its text is white. */
    public record Cell(String text, String background, boolean dark) {}

    static ConfusionMatrix counts(int[][] confusion) {
        return of(confusion, false);
    }

    static ConfusionMatrix shares(int[][] confusion) {
        return of(confusion, true);
    }

    private static ConfusionMatrix of(int[][] confusion, boolean shares) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int[] row : confusion) {
            long total = 0;
            for (int c : row) {
                total += c;
            }
            List<Cell> cells = new ArrayList<>();
            for (int count : row) {
                double share = total == 0 ? 0 : (double) count / total;
                String text = shares ? (count == 0 ? "0" : Pages.number(100 * share, share < 0.1 ? 1 : 0) + "%") : Pages.count(count);
                String background = shade(share);
                cells.add(new Cell(text, background, dark(background)));
            }
            rows.add(cells);
        }
        return new ConfusionMatrix(FashionClass.displayNames(), rows);
    }

    /** Whether black text would not read on {@code background}: its luma (Rec. 709 weights) under half. */
    static boolean dark(String background) {
        int rgb = Integer.parseInt(background.substring(1), 16);
        double luma = 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
        return luma < 128;
    }

    /** White at 0 to deep blue at 1, through the blues of matplotlib's "Blues" map; a little tint from the first image on. */
    static String shade(double share) {
        if (share <= 0) {
            return "#ffffff";
        }
        double t = Math.min(1, 0.06 + 0.94 * Math.sqrt(share));
        int[] light = {239, 246, 255};
        int[] dark = {8, 48, 107};
        StringBuilder hex = new StringBuilder("#");
        for (int k = 0; k < 3; k++) {
            hex.append(String.format(java.util.Locale.ROOT, "%02x", Math.round(light[k] + t * (dark[k] - light[k]))));
        }
        return hex.toString();
    }
}
