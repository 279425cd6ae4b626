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
        assertEquals("shift 0.10, zoom 0.10, shear 0.15 deg, flip on, rotation 0 deg", AugmentConfig.study().describe());
        assertEquals("shift 0.15, zoom 0.15, shear 15 deg, flip on, rotation 0 deg",
                new AugmentConfig(0.15, 0.15, 15, true, 0).describe());
        assertEquals("shift up to 2 px, zoom 0.00, shear 0 deg, flip off, rotation 0 deg, fill zero",
                new AugmentConfig(2.0 / N, 0, 0, false, 0, true, 0, Fill.ZERO).describe());
    }

    @Test
    void theConfiguredFillReachesTheAugmentedImage() {
        float[] ones = new float[N * N];
        Arrays.fill(ones, 1f);
        Augmenter zero = new Augmenter(new AugmentConfig(2.0 / N, 0, 0, false, 0, true, 0, Fill.ZERO));
        Augmenter nearest = new Augmenter(new AugmentConfig(2.0 / N, 0, 0, false, 0, true, 0));
        int zeroImagesWithGaps = 0;
        for (int i = 0; i < 50; i++) {
            float[] a = new float[N * N];
            float[] b = new float[N * N];
            zero.augment(ones, 0, a, 0, N, new SplittableRandom(i));
            nearest.augment(ones, 0, b, 0, N, new SplittableRandom(i));
            assertTrue(!containsZero(b), "nearest fill repeats the edge of an all-ones image");
            if (containsZero(a)) {
                zeroImagesWithGaps++;
            }
        }
        // Only the 1 in 25 draws with no shift on either axis leaves no gap.
        assertTrue(zeroImagesWithGaps >= 40, "shifted images with a background gap: " + zeroImagesWithGaps);
    }

    @Test
    void fillIsSavedByNameAndOlderConfigsWithoutItReadAsNearest() throws Exception {
        AugmentConfig zero = new AugmentConfig(2.0 / N, 0, 0, true, 0, true, 0.5, Fill.ZERO);
        String json = org.atelier.util.Json.MAPPER.writeValueAsString(zero);
        assertEquals("zero", org.atelier.util.Json.MAPPER.readTree(json).get("fill").asText());
        assertEquals(zero, org.atelier.util.Json.MAPPER.readValue(json, AugmentConfig.class));
        String older = "{\"shift\":0.1,\"zoom\":0.1,\"shear\":10.0,\"flip\":true,\"rotation\":0.0,"
                + "\"wholePixelShifts\":false,\"erase\":0.0}";
        assertEquals(new AugmentConfig(0.1, 0.1, 10, true, 0), org.atelier.util.Json.MAPPER.readValue(older, AugmentConfig.class));
    }

    @Test
    void unknownFillIsRejectedWithTheChoices() {
        UserException e = assertThrows(UserException.class, () -> Fill.byName("reflect"));
        assertEquals("must be one of nearest, zero, got reflect", e.getMessage(), "the caller names the setting in its source's words");
    }

    private static boolean containsZero(float[] values) {
        for (float v : values) {
            if (v == 0f) {
                return true;
            }
        }
        return false;
    }

    @Test
    void alternatingFlipsMirrorEachImageInEveryOtherEpochExactly() {
        Augmenter alternating = new Augmenter(new AugmentConfig(0, 0, 0, true, 0, false, 0, Fill.NEAREST, true), 5);
        float[] src = new float[N * N];
        for (int p = 0; p < src.length; p++) {
            src[p] = p;
        }
        float[] mirror = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                mirror[y * N + x] = src[y * N + (N - 1 - x)];
            }
        }
        int startMirrored = 0;
        for (int image = 0; image < 1000; image++) {
            boolean first = alternating.mirrored(image, 1);
            startMirrored += first ? 1 : 0;
            for (int epoch = 1; epoch <= 4; epoch++) {
                float[] dst = new float[N * N];
                alternating.augment(src, 0, dst, 0, N, new SplittableRandom(epoch), image, epoch);
                boolean expected = first == (epoch % 2 == 1);
                assertEquals(expected, alternating.mirrored(image, epoch));
                assertTrue(Arrays.equals(expected ? mirror : src, dst), "image " + image + ", epoch " + epoch);
            }
        }
        assertTrue(startMirrored > 450 && startMirrored < 550, "a fair coin per image decides the first epoch: " + startMirrored);
        Augmenter otherSeed = new Augmenter(alternating.config(), 6);
        long same = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> otherSeed.mirrored(i, 1) == alternating.mirrored(i, 1)).count();
        assertTrue(same > 400 && same < 600, "another seed, other coins: " + same + " of 1000 agree");
    }

    @Test
    void randomFlipsIgnoreTheEpochAndDrawAsBefore() {
        Augmenter random = new Augmenter(new AugmentConfig(2.0 / N, 0, 0, true, 0, true, 0.5), 5);
        float[] src = new float[N * N];
        for (int p = 0; p < src.length; p++) {
            src[p] = p % 7;
        }
        for (int trial = 0; trial < 50; trial++) {
            float[] plain = new float[N * N];
            float[] visited = new float[N * N];
            random.augment(src, 0, plain, 0, N, new SplittableRandom(trial));
            random.augment(src, 0, visited, 0, N, new SplittableRandom(trial), trial, trial % 3 + 1);
            assertTrue(Arrays.equals(plain, visited), "trial " + trial);
            // The order of the draws, which saved runs rely on: both shifts, then the flip's coin.
            SplittableRandom expected = new SplittableRandom(trial);
            AffineTransform t = random.draw(new SplittableRandom(trial), N);
            assertEquals(expected.nextInt(-2, 3), t.dx());
            assertEquals(expected.nextInt(-2, 3), t.dy());
            assertEquals(expected.nextBoolean(), t.flip());
        }
    }
}
