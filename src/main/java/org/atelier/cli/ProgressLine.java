package org.atelier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One epoch's progress as a terminal line of constant width, as Keras draws it: a bar of fixed
 * width, the batch count padded to the total's digits, then the figures that fit. What does not fit
 * is left out whole, last field first (images/s, then accuracy, then the time left), never cut mid-
 * number; the bar and the count always stay. At 80 columns a line holds all but images/s (87
 * characters with it for a 375-batch epoch of 50).
 */
final class ProgressLine {
    /** The bar's inner width: constant, so a line never jumps as its numbers change. */
    static final int BAR = 20;

    private ProgressLine() {}

    /**
     * The line for {@code batch} of {@code batches} of epoch {@code epoch}/{@code epochs}, at most
     * {@code columns - 1} characters (the last column would wrap on some terminals).
     * {@code secondsLeft} NaN leaves the time out; {@code extra} replaces the figures (validation).
     */
    static String render(int epoch, int epochs, int batch, int batches, double secondsLeft, double loss, double accuracy,
            double imagesPerSecond, String extra, int columns) {
        int digits = String.valueOf(batches).length();
        String count = String.format(Locale.ROOT, "%" + digits + "d/%d", batch, batches);
        String head = String.format(Locale.ROOT, "epoch %" + String.valueOf(epochs).length() + "d/%d %s %s", epoch, epochs,
                bar(batch, batches), count);
        List<String> fields = new ArrayList<>();
        if (extra != null) {
            fields.add(extra);
        } else {
            fields.add("ETA " + (Double.isNaN(secondsLeft) ? "--:--" : clock(secondsLeft)));
            fields.add(String.format(Locale.ROOT, "loss %.4f", loss));
            fields.add(String.format(Locale.ROOT, "acc %.4f", accuracy));
            fields.add(String.format(Locale.ROOT, "%,6.0f img/s", imagesPerSecond));
        }
        // loss goes before the time left: its fall is what the user watches
        int[] dropOrder = extra != null ? new int[] {0} : new int[] {3, 2, 0, 1};
        int limit = Math.max(head.length(), columns - 1);
        StringBuilder line;
        int dropped = 0;
        while (true) {
            line = new StringBuilder(head);
            for (String field : fields) {
                if (field != null) {
                    line.append("  ").append(field);
                }
            }
            if (line.length() <= limit || dropped == dropOrder.length) {
                break;
            }
            fields.set(dropOrder[dropped++], null);
        }
        return line.length() <= limit ? line.toString() : head;
    }

    /** {@code [=========>..........]}: the share done, with an arrow head until the end. */
    static String bar(int batch, int batches) {
        int done = batches <= 0 ? BAR : (int) Math.min(BAR, (long) batch * BAR / batches);
        StringBuilder b = new StringBuilder(BAR + 2).append('[');
        for (int i = 0; i < BAR; i++) {
            b.append(i < done ? '=' : i == done ? '>' : '.');
        }
        return b.append(']').toString();
    }

    /** A time left in five characters: mm:ss up to 99:59, then hours ({@code  1.7h}). */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s < 6000 ? String.format(Locale.ROOT, "%2d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%4.1fh", s / 3600.0);
    }
}
