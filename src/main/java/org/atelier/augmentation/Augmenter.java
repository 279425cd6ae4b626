package org.atelier.augmentation;

import java.util.SplittableRandom;

/** Draws a random {@link AffineTransform} per image within an {@link AugmentConfig}'s ranges. */
public final class Augmenter {
    private final AugmentConfig config;

    public Augmenter(AugmentConfig config) {
        this.config = config;
    }

    public AugmentConfig config() {
        return config;
    }

    public AffineTransform draw(SplittableRandom random, int size) {
        double maxShift = config.shift() * size;
        return new AffineTransform(
                symmetric(random, maxShift),
                symmetric(random, maxShift),
                1 + symmetric(random, config.zoom()),
                1 + symmetric(random, config.zoom()),
                symmetric(random, config.shear()),
                symmetric(random, config.rotation()),
                config.flip() && random.nextBoolean());
    }

    /** Augments one image in place of {@code dst}: a fresh transform of {@code src}. */
    public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, int size, SplittableRandom random) {
        draw(random, size).apply(src, srcOffset, dst, dstOffset, size);
    }

    private static double symmetric(SplittableRandom random, double range) {
        return range == 0 ? 0 : random.nextDouble(-range, range);
    }
}
