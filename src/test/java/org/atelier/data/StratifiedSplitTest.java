package org.atelier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
    /** 7 to 16 images per class, so per-class rounding differs between classes. */
    private static ImageSet unbalanced() {
        int n = 0;
        for (int c = 0; c < 10; c++) {
            n += 7 + c;
        }
        byte[] labels = new byte[n];
        int k = 0;
        for (int c = 0; c < 10; c++) {
            for (int j = 0; j < 7 + c; j++) {
                labels[k++] = (byte) c;
            }
        }
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            pixels[i * 784] = (byte) i; // identifies the image
        }
        return new ImageSet(pixels, labels, 28, 28);
    }

    @Test
    void eachClassGivesItsRoundedShareToValidation() {
        ImageSet all = unbalanced();
        StratifiedSplit split = StratifiedSplit.of(all, 0.2, 5);
        int[] valCounts = split.validation().classCounts();
        int[] trainCounts = split.train().classCounts();
        // 20% of 7, 8, ..., 16 images is 1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.2: rounded, these.
        assertArrayEquals(new int[] {1, 2, 2, 2, 2, 2, 3, 3, 3, 3}, valCounts);
        assertArrayEquals(new int[] {6, 6, 7, 8, 9, 10, 10, 11, 12, 13}, trainCounts);
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        ImageSet all = unbalanced();
        StratifiedSplit split = StratifiedSplit.of(all, 0.3, 11);
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(split.trainIndices()).forEach(i -> assertTrue(seen.add(i)));
        Arrays.stream(split.validationIndices()).forEach(i -> assertTrue(seen.add(i)));
        assertEquals(all.size(), seen.size());
        // The subsets hold the images their indices name.
        for (int k = 0; k < split.validationIndices().length; k++) {
            int i = split.validationIndices()[k];
            assertEquals(all.pixels()[i * 784], split.validation().pixels()[k * 784]);
            assertEquals(all.label(i), split.validation().label(k));
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        ImageSet all = TestData.synthetic(50, 3);
        StratifiedSplit a = StratifiedSplit.of(all, 0.2, 42);
        StratifiedSplit b = StratifiedSplit.of(all, 0.2, 42);
        StratifiedSplit c = StratifiedSplit.of(all, 0.2, 43);
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertFalse(Arrays.equals(a.validationIndices(), c.validationIndices()));
    }

    @Test
    void trainingOrderMixesClasses() {
        StratifiedSplit split = StratifiedSplit.of(TestData.synthetic(50, 3), 0.2, 42);
        Set<Byte> firstTen = new HashSet<>();
        for (int k = 0; k < 10; k++) {
            firstTen.add(split.train().labels()[k]);
        }
        assertTrue(firstTen.size() > 3, "the first ten training labels come from several classes");
    }
}
