package org.atelier.util;

/**
 * The seeds of a run's random streams, each derived from the run's seed through a 64-bit mixer
 * (SplitMix64's finaliser), so that no two (seed, stream, epoch, batch) share a stream: with
 * arithmetic such as {@code seed * 31 + epoch}, seed 1's epoch 32 was seed 2's epoch 1.
 */
public final class Seeds {
    /** The streams a run draws from, each a child of the run's seed. */
    public static final long INITIALISATION = 1;
    public static final long DATA_ORDER = 2;
    public static final long DROPOUT = 3;
    public static final long FLIP_COINS = 4;
    public static final long OFFLINE_COPIES = 5;
    /** The settings a tuning search draws for its trials, from the search's seed. */
    public static final long TRIAL_SETTINGS = 6;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** The seed of child {@code index} of {@code parent}: distinct parents or indices give unrelated seeds. */
    public static long child(long parent, long index) {
        return mix(mix(parent) + (index + 1) * GOLDEN_GAMMA);
    }

    /** The seed of child {@code index} of child {@code stream} of {@code parent}. */
    public static long child(long parent, long stream, long index) {
        return child(child(parent, stream), index);
    }

    /** For engines that take an int seed. */
    public static int toInt(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
