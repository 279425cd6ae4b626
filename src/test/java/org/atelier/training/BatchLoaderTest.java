package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Augmenter;
import org.atelier.augmentation.Fill;
import org.atelier.data.ImageSet;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    private static final ImageSet IMAGES = TestData.synthetic(10, 4); // 100 images

    private static List<float[]> epoch(BatchLoader loader, long seed, List<Integer> labels, List<Float> weights)
            throws InterruptedException {
        return epoch(loader, seed, 1, labels, weights);
    }

    private static List<float[]> epoch(BatchLoader loader, long seed, int epoch, List<Integer> labels, List<Float> weights)
            throws InterruptedException {
        List<float[]> batches = new ArrayList<>();
        loader.startEpoch(seed, epoch);
        for (BatchLoader.Batch b = loader.next(); b != null; b = loader.next()) {
            batches.add(Arrays.copyOf(b.pixels, b.size * 784));
            for (int k = 0; k < b.size; k++) {
                labels.add(b.labels[k]);
                weights.add(b.weights[k]);
            }
            loader.release(b);
        }
        return batches;
    }

    @Test
    void everyImageOncePerEpochInBatchesWithClassWeights() throws InterruptedException {
        float[] classWeights = {2, 1, 1, 1, 1, 1, 3, 1, 1, 1};
        try (BatchLoader loader = new BatchLoader(IMAGES, 32, classWeights, null)) {
            List<Integer> labels = new ArrayList<>();
            List<Float> weights = new ArrayList<>();
            List<float[]> batches = epoch(loader, 1, labels, weights);
            assertEquals(4, batches.size());
            assertEquals(4, loader.batchesPerEpoch());
            assertEquals(4 * 784, batches.get(3).length, "the last batch holds the remaining 4 images");
            int[] perClass = new int[10];
            for (int i = 0; i < labels.size(); i++) {
                perClass[labels.get(i)]++;
                assertEquals(classWeights[labels.get(i)], weights.get(i), 0f);
            }
            assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, perClass);
        }
    }

    @Test
    void augmentedBatchesAreReproducibleAndDifferFromPlainOnes() throws InterruptedException {
        Augmenter augmenter = new Augmenter(AugmentConfig.study());
        List<float[]> a;
        List<float[]> b;
        List<float[]> plain;
        try (BatchLoader loader = new BatchLoader(IMAGES, 32, null, augmenter)) {
            a = epoch(loader, 5, new ArrayList<>(), new ArrayList<>());
            b = epoch(loader, 5, new ArrayList<>(), new ArrayList<>());
        }
        try (BatchLoader loader = new BatchLoader(IMAGES, 32, null, null)) {
            plain = epoch(loader, 5, new ArrayList<>(), new ArrayList<>());
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
            assertFalse(Arrays.equals(a.get(i), plain.get(i)));
        }
    }

    @Test
    void emptyAfterTheLastBatch() throws InterruptedException {
        try (BatchLoader loader = new BatchLoader(IMAGES.first(10), 64, null, null)) {
            loader.startEpoch(3);
            BatchLoader.Batch only = loader.next();
            assertEquals(10, only.size);
            loader.release(only);
            assertNull(loader.next());
        }
    }

    @Test
    void alternatingFlipsShowEachImageMirroredInTheNextEpoch() throws InterruptedException {
        Augmenter alternating = new Augmenter(new AugmentConfig(0, 0, 0, true, 0, false, 0, Fill.NEAREST, true), 9);
        try (BatchLoader loader = new BatchLoader(IMAGES, 32, null, alternating)) {
            // The same shuffle seed, so both epochs list the images in the same order.
            List<float[]> first = epoch(loader, 4, 1, new ArrayList<>(), new ArrayList<>());
            List<float[]> second = epoch(loader, 4, 2, new ArrayList<>(), new ArrayList<>());
            List<float[]> third = epoch(loader, 4, 3, new ArrayList<>(), new ArrayList<>());
            for (int b = 0; b < first.size(); b++) {
                for (int k = 0; k < first.get(b).length / 784; k++) {
                    float[] one = Arrays.copyOfRange(first.get(b), k * 784, (k + 1) * 784);
                    float[] two = Arrays.copyOfRange(second.get(b), k * 784, (k + 1) * 784);
                    assertArrayEquals(mirrored(one), two, "batch " + b + ", image " + k);
                    assertArrayEquals(one, Arrays.copyOfRange(third.get(b), k * 784, (k + 1) * 784));
                }
            }
        }
    }

    private static float[] mirrored(float[] image) {
        float[] out = new float[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                out[y * 28 + x] = image[y * 28 + 27 - x];
            }
        }
        return out;
    }

    /** A run resumed mid-epoch gets the rest of the epoch exactly: same images, same augmentation draws. */
    @Test
    void anEpochStartedAfterSomeBatchesIsTheRestOfTheWholeEpoch() throws InterruptedException {
        try (BatchLoader loader = new BatchLoader(IMAGES, 32, null, new Augmenter(AugmentConfig.study(), 5))) {
            List<float[]> whole = epoch(loader, 11, 3, new ArrayList<>(), new ArrayList<>());
            loader.startEpoch(11, 3, 2);
            List<float[]> rest = new ArrayList<>();
            for (BatchLoader.Batch b = loader.next(); b != null; b = loader.next()) {
                rest.add(Arrays.copyOf(b.pixels, b.size * 784));
                loader.release(b);
            }
            assertEquals(2, rest.size());
            assertArrayEquals(whole.get(2), rest.get(0));
            assertArrayEquals(whole.get(3), rest.get(1));
            loader.startEpoch(11, 3, 4);
            assertNull(loader.next(), "all batches done: nothing left but validation");
        }
    }
}
