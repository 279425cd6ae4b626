package org.atelier.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final int N = 28;

    @Test
    void erasingZeroesOneRectangleOfTwoToTwentyPercentAndNothingElse() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            float[] img = new float[N * N];
            Arrays.fill(img, 1f);
            Augmenter.erase(img, 0, N, random);
            int top = N, left = N, bottom = -1, right = -1, zeros = 0;
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    if (img[y * N + x] == 0f) {
                        zeros++;
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            int h = bottom - top + 1;
            int w = right - left + 1;
            assertEquals(h * w, zeros, "the erased pixels form one filled rectangle");
            // Rounding the sides of a 2-20% rectangle keeps it within a pixel of each bound.
            assertTrue(zeros >= 0.02 * N * N - (h + w) && zeros <= 0.2 * N * N + (h + w) + 1, "area " + zeros);
            assertTrue(h <= 3 * w + 2 && w <= 3 * h + 2, "aspect " + w + "x" + h);
        }
    }

    @Test
    void erasingProbabilityDecidesHowOftenAnImageIsErased() {
        Augmenter half = new Augmenter(new AugmentConfig(0, 0, 0, false, 0, false, 0.5));
        SplittableRandom random = new SplittableRandom(3);
        float[] src = new float[N * N];
        Arrays.fill(src, 1f);
        int erased = 0;
        for (int i = 0; i < 2000; i++) {
            float[] dst = new float[N * N];
            half.augment(src, 0, dst, 0, N, random);
            if (containsZero(dst)) {
                erased++;
            }
        }
        assertTrue(erased > 900 && erased < 1100, "about half erased: " + erased);
        Augmenter never = new Augmenter(AugmentConfig.none());
        float[] dst = new float[N * N];
        never.augment(src, 0, dst, 0, N, random);
        assertTrue(Arrays.equals(src, dst));
    }

    @Test
    void erasingProbabilityOutsideZeroToOneIsRejected() {
        UserException e = assertThrows(UserException.class,
                () -> new AugmentConfig(0, 0, 0, false, 0, false, 1.5).validate());
        assertEquals("--erase must be a probability in [0, 1], got 1.5", e.getMessage());
    }

    @Test
    void describesWholePixelShiftsAndErasing() {
        assertEquals("shift up to 2 px, zoom 0.00, shear 0 deg, flip on, rotation 0 deg, erase p=0.50",
                new AugmentConfig(2.0 / N, 0, 0, true, 0, true, 0.5).describe());
        assertEquals("shift 0.10, zoom 0.10, shear 10 deg, flip on, rotation 0 deg", AugmentConfig.study().describe());
    }

    private static boolean containsZero(float[] values) {
        for (float v : values) {
            if (v == 0f) {
                return true;
            }
        }
        return false;
    }
}
