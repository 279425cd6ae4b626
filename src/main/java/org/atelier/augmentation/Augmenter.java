package org.atelier.augmentation;

import java.util.SplittableRandom;
import org.atelier.util.Seeds;

/** Draws a random {@link AffineTransform} per image within an {@link AugmentConfig}'s ranges. */
public final class Augmenter {
    private final AugmentConfig config;
    private final long seed;

    public Augmenter(AugmentConfig config) {
        this(config, 0);
    }

    /** @param seed decides which images start mirrored when flips alternate */
    public Augmenter(AugmentConfig config, long seed) {
        this.config = config;
        this.seed = seed;
    }

    public AugmentConfig config() {
        return config;
    }

    public AffineTransform draw(SplittableRandom random, int size) {
        return draw(random, size, null);
    }

    /** @param flip the flip decided beforehand, or null to toss a coin when flips are on */
    private AffineTransform draw(SplittableRandom random, int size, Boolean flip) {
        double maxShift = config.shift() * size;
        // The coin comes last, so runs from before alternating flips draw the same numbers.
        return new AffineTransform(
                shift(random, maxShift),
                shift(random, maxShift),
                1 + symmetric(random, config.zoom()),
                1 + symmetric(random, config.zoom()),
                symmetric(random, config.shear()),
                symmetric(random, config.rotation()),
                flip != null ? flip : config.flip() && random.nextBoolean());
    }

    /** Augments one image in place of {@code dst}: a fresh transform of {@code src}, flipped at random. */
    public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, int size, SplittableRandom random) {
        transform(draw(random, size), src, srcOffset, dst, dstOffset, size, random);
    }

    /**
     * As {@link #augment(float[], int, float[], int, int, SplittableRandom)} for image number
     * {@code image} of the training set in epoch {@code epoch}, which decide its flip when flips
     * alternate.
     */
    public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, int size, SplittableRandom random,
                        int image, int epoch) {
        AffineTransform t = draw(random, size, config.alternateFlips() ? mirrored(image, epoch) : null);
        transform(t, src, srcOffset, dst, dstOffset, size, random);
    }

    /** Whether image {@code image} is mirrored in epoch {@code epoch} when flips alternate. */
    public boolean mirrored(int image, int epoch) {
        boolean firstEpochMirrored = new SplittableRandom(Seeds.child(seed, Seeds.FLIP_COINS, image)).nextBoolean();
        return firstEpochMirrored == (epoch % 2 == 1);
    }

    private void transform(AffineTransform t, float[] src, int srcOffset, float[] dst, int dstOffset, int size,
                           SplittableRandom random) {
        t.apply(src, srcOffset, dst, dstOffset, size, config.fill());
        if (config.erase() > 0 && random.nextDouble() < config.erase()) {
            erase(dst, dstOffset, size, random);
        }
    }

    /** Sets a random rectangle of the image to the background (0). */
    static void erase(float[] img, int offset, int size, SplittableRandom random) {
        double area = size * size * random.nextDouble(AugmentConfig.ERASE_MIN_AREA, AugmentConfig.ERASE_MAX_AREA);
        double logAspect = Math.log(AugmentConfig.ERASE_MAX_ASPECT);
        double aspect = Math.exp(random.nextDouble(-logAspect, logAspect));
        int h = Math.max(1, Math.min(size, (int) Math.round(Math.sqrt(area * aspect))));
        int w = Math.max(1, Math.min(size, (int) Math.round(Math.sqrt(area / aspect))));
        int top = random.nextInt(size - h + 1);
        int left = random.nextInt(size - w + 1);
        for (int y = top; y < top + h; y++) {
            java.util.Arrays.fill(img, offset + y * size + left, offset + y * size + left + w, 0f);
        }
    }

    private double shift(SplittableRandom random, double maxShift) {
        if (!config.wholePixelShifts()) {
            return symmetric(random, maxShift);
        }
        int pixels = (int) Math.round(maxShift);
        return pixels == 0 ? 0 : random.nextInt(-pixels, pixels + 1);
    }

    private static double symmetric(SplittableRandom random, double range) {
        return range == 0 ? 0 : random.nextDouble(-range, range);
    }
}
