package org.atelier.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineTransformTest {
    private static final int N = 28;

    /** A distinct value at every pixel, so any displacement shows. */
    private static float[] pattern() {
        float[] img = new float[N * N];
        for (int i = 0; i < img.length; i++) {
            img[i] = (i * 37 % 101) / 100f;
        }
        return img;
    }

    private static float[] apply(AffineTransform t, float[] src) {
        float[] dst = new float[src.length];
        t.apply(src, 0, dst, 0, N);
        return dst;
    }

    @Test
    void identityAndZeroSettingsChangeNothing() {
        float[] src = pattern();
        assertArrayEquals(src, apply(AffineTransform.identity(), src));
        Augmenter none = new Augmenter(AugmentConfig.none());
        float[] dst = new float[src.length];
        none.augment(src, 0, dst, 0, N, new SplittableRandom(1));
        assertArrayEquals(src, dst);
    }

    @Test
    void twoPixelShiftMovesThePatternTwoPixelsRightAndDown() {
        float[] src = pattern();
        float[] dst = apply(new AffineTransform(2, 2, 1, 1, 0, 0, false), src);
        for (int y = 0; y < N - 2; y++) {
            for (int x = 0; x < N - 2; x++) {
                assertEquals(src[y * N + x], dst[(y + 2) * N + x + 2], 0f, "pixel " + x + "," + y);
            }
        }
        // Uncovered pixels take the nearest edge pixel of the input.
        assertEquals(src[0], dst[0], 0f);
        assertEquals(src[5 * N], dst[(7) * N + 1], 0f);
    }

    @Test
    void zeroFillLeavesUncoveredPixelsAsBackground() {
        float[] src = pattern();
        float[] dst = new float[src.length];
        new AffineTransform(-2, 1, 1, 1, 0, 0, false).apply(src, 0, dst, 0, N, Fill.ZERO);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                // Content moves 2 left and 1 down: the top row and the two right columns are uncovered.
                float expected = y == 0 || x >= N - 2 ? 0f : src[(y - 1) * N + x + 2];
                assertEquals(expected, dst[y * N + x], 0f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void zeroFillBlendsAHalfPixelShiftWithTheBackgroundAtTheEdge() {
        float[] ones = new float[N * N];
        Arrays.fill(ones, 1f);
        float[] dst = new float[ones.length];
        new AffineTransform(0.5, 0, 1, 1, 0, 0, false).apply(ones, 0, dst, 0, N, Fill.ZERO);
        // Column 0 samples x = -0.5: half outside (0), half the first column (1).
        assertEquals(0.5f, dst[3 * N], 1e-6f);
        assertEquals(1f, dst[3 * N + 1], 1e-6f);
        assertEquals(1f, dst[3 * N + N - 1], 1e-6f);
    }

    @Test
    void flipMirrorsAndIsItsOwnInverse() {
        float[] src = pattern();
        AffineTransform flip = new AffineTransform(0, 0, 1, 1, 0, 0, true);
        float[] once = apply(flip, src);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                assertEquals(src[y * N + x], once[y * N + (N - 1 - x)], 0f);
            }
        }
        assertArrayEquals(src, apply(flip, once));
    }

    @Test
    void zoomTwoSamplesHalfwayBetweenPixels() {
        float[] src = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                src[y * N + x] = x; // a horizontal ramp
            }
        }
        float[] dst = apply(new AffineTransform(0, 0, 2, 1, 0, 0, false), src);
        // Output column x samples input column 13.5 + (x - 13.5) / 2.
        for (int x = 0; x < N; x++) {
            assertEquals(13.5 + (x - 13.5) / 2, dst[3 * N + x], 1e-5, "column " + x);
        }
    }

    @Test
    void rotationByNinetyDegreesTurnsRowsIntoColumns() {
        float[] src = pattern();
        float[] dst = apply(new AffineTransform(0, 0, 1, 1, 0, 90, false), src);
        // Forward: (px, py) -> (-py, px) about the centre 13.5, so output (x, y) reads input (y, 27 - x).
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                assertEquals(src[(N - 1 - x) * N + y], dst[y * N + x], 1e-5f);
            }
        }
    }

    @Test
    void sameSeedSameAugmentationOtherSeedOther() {
        Augmenter study = new Augmenter(AugmentConfig.study());
        float[] src = pattern();
        float[] a = new float[src.length];
        float[] b = new float[src.length];
        float[] c = new float[src.length];
        study.augment(src, 0, a, 0, N, new SplittableRandom(9));
        study.augment(src, 0, b, 0, N, new SplittableRandom(9));
        study.augment(src, 0, c, 0, N, new SplittableRandom(10));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void drawnParametersStayInRange() {
        Augmenter aug = new Augmenter(new AugmentConfig(0.1, 0.2, 15, false, 0));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            AffineTransform t = aug.draw(r, N);
            assertEquals(0, t.rotationDegrees(), 0);
            assertFalse(t.flip());
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(t.dx()) <= 2.8 && Math.abs(t.dy()) <= 2.8);
            org.junit.jupiter.api.Assertions.assertTrue(t.zoomX() >= 0.8 && t.zoomX() <= 1.2);
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(t.shearDegrees()) <= 15);
        }
    }

    @Test
    void wholePixelShiftsMoveImagesWithoutResamplingAndCoverEveryOffset() {
        Augmenter aug = new Augmenter(new AugmentConfig(2.0 / N, 0, 0, true, 0, true, 0));
        SplittableRandom r = new SplittableRandom(5);
        java.util.Set<Double> offsets = new java.util.TreeSet<>();
        float[] src = pattern();
        java.util.Set<Float> values = new java.util.HashSet<>();
        for (float v : src) {
            values.add(v);
        }
        for (int i = 0; i < 500; i++) {
            AffineTransform t = aug.draw(r, N);
            offsets.add(t.dx());
            offsets.add(t.dy());
            // Every output pixel is a copy of an input pixel: nothing is blurred.
            for (float v : apply(t, src)) {
                org.junit.jupiter.api.Assertions.assertTrue(values.contains(v), "resampled value " + v);
            }
        }
        assertEquals(java.util.List.of(-2.0, -1.0, 0.0, 1.0, 2.0), java.util.List.copyOf(offsets));
    }
}
