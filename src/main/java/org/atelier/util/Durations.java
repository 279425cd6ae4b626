package org.atelier.util;

import java.util.Locale;

/** Durations as people read them: an eight-hour training is "8.2 h", not "29670 s". */
public final class Durations {
    private Durations() {}

    /** Seconds up to 90, minutes up to 90, then hours to a tenth; "-" when unknown. */
    public static String of(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 90 * 60) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
