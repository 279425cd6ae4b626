package org.atelier.util;

/** A count with its noun agreeing: "1 run", "2 runs". */
public final class Plural {
    private Plural() {}

    /** {@code n} and {@code noun}, with an s after the noun unless n is 1. */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and the noun's singular or plural, for nouns whose plural is not noun + s. */
    public static String of(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
