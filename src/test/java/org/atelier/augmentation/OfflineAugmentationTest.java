package org.atelier.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.atelier.data.ImageSet;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;

class OfflineAugmentationTest {
    @Test
    void addsKCopiesAfterTheUntouchedOriginals() {
        ImageSet originals = TestData.synthetic(2, 5);
        int n = originals.size();
        ImageSet expanded = OfflineAugmentation.expand(originals, new Augmenter(AugmentConfig.study()), 2, 7);
        assertEquals(3 * n, expanded.size());
        assertArrayEquals(originals.pixels(), Arrays.copyOf(expanded.pixels(), n * 784));
        for (int copy = 0; copy < 3; copy++) {
            for (int i = 0; i < n; i++) {
                assertEquals(originals.label(i), expanded.label(copy * n + i));
            }
        }
        assertArrayEquals(expanded.pixels(), OfflineAugmentation.expand(originals,
                new Augmenter(AugmentConfig.study()), 2, 7).pixels(), "deterministic under the seed");
    }

    /** augmentation.png draws single copies: each must be exactly the one the expanded set holds. */
    @Test
    void oneCopyOfOneImageIsExactlyWhatTheExpandedSetHolds() {
        ImageSet originals = TestData.synthetic(3, 1);
        Augmenter augmenter = new Augmenter(AugmentConfig.study());
        ImageSet expanded = OfflineAugmentation.expand(originals, augmenter, 2, 7);
        int n = originals.size();
        for (int copy = 1; copy <= 2; copy++) {
            for (int i = 0; i < n; i += 7) {
                float[] stored = new float[784];
                expanded.copyNormalized(copy * n + i, stored, 0);
                assertArrayEquals(stored, OfflineAugmentation.copyOf(originals, augmenter, copy, i, 7), "copy " + copy + ", image " + i);
            }
        }
    }

    @Test
    void flipOnlyCopiesAreExactMirrorsOrExactOriginals() {
        ImageSet originals = TestData.synthetic(3, 1);
        int n = originals.size();
        ImageSet expanded = OfflineAugmentation.expand(originals, new Augmenter(new AugmentConfig(0, 0, 0, true, 0)), 1, 3);
        int mirrored = 0;
        for (int i = 0; i < n; i++) {
            byte[] copy = Arrays.copyOfRange(expanded.pixels(), (n + i) * 784, (n + i + 1) * 784);
            byte[] original = Arrays.copyOfRange(originals.pixels(), i * 784, (i + 1) * 784);
            byte[] mirror = new byte[784];
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    mirror[y * 28 + x] = original[y * 28 + 27 - x];
                }
            }
            boolean same = Arrays.equals(copy, original);
            boolean flipped = Arrays.equals(copy, mirror);
            assertTrue(same || flipped, "image " + i);
            mirrored += flipped ? 1 : 0;
        }
        assertTrue(mirrored > 5 && mirrored < 25, "about half are mirrored: " + mirrored);
    }
}
