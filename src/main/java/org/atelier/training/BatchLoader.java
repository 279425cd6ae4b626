package org.atelier.training;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.atelier.augmentation.Augmenter;
import org.atelier.data.ImageSet;
import org.atelier.data.Shuffle;
import org.atelier.util.Seeds;

/**
 * Prepares an epoch's shuffled (and optionally augmented) batches on a background thread, a few
 * ahead of the trainer, in a fixed pool of reused buffers (no per-batch allocation of large
 * arrays). Records how long the trainer waited for a batch, which should stay near zero.
 */
public final class BatchLoader implements AutoCloseable {
    private static final int BUFFERS = 4;

    /** One batch: {@code size} images of normalised pixels, labels and sample weights. */
    public static final class Batch {
        public final float[] pixels;
        public final int[] labels;
        public final float[] weights;
        /** Which image of the set each slot holds. */
        public final int[] indices;
        /** Images are side x side. */
        public final int side;
        public int size;

        Batch(int capacity, int side) {
            this.side = side;
            pixels = new float[capacity * side * side];
            labels = new int[capacity];
            weights = new float[capacity];
            indices = new int[capacity];
        }
    }

    private static final Batch END = new Batch(0, 0);

    private final ImageSet images;
    private final int batchSize;
    private final float[] classWeights;
    private final Augmenter augmenter;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(BUFFERS + 1);
    private Thread producer;
    private int epoch;
    private volatile Throwable failure;
    private long waitNanos;

    /**
     * @param classWeights loss weight of each class, or null for all ones
     * @param augmenter transforms each image on the fly, or null for none
     */
    public BatchLoader(ImageSet images, int batchSize, float[] classWeights, Augmenter augmenter) {
        this.images = images;
        this.batchSize = batchSize;
        this.classWeights = classWeights;
        this.augmenter = augmenter;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new Batch(batchSize, images.rows()));
        }
    }

    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** How many images batch {@code index} (from 0) of an epoch holds: the batch size, less in the last one. */
    public int sizeOfBatch(int index) {
        return Math.min(batchSize, images.size() - index * batchSize);
    }

    /**
     * Starts producing the batches of one epoch. The order and the augmentations are fixed by
     * {@code epochSeed}: each batch draws from its own generator, so results do not depend on timing.
     */
    public void startEpoch(long epochSeed) {
        startEpoch(epochSeed, 1);
    }

    /** As {@link #startEpoch(long)} for epoch number {@code epoch} (from 1), which alternating flips follow. */
    public void startEpoch(long epochSeed, int epoch) {
        startEpoch(epochSeed, epoch, 0);
    }

    /**
     * As {@link #startEpoch(long, int)}, skipping the first {@code batchesDone} batches: the rest
     * are exactly those of the whole epoch, for a run resumed mid-epoch.
     */
    public void startEpoch(long epochSeed, int epoch, int batchesDone) {
        if (producer != null) {
            throw new IllegalStateException("the previous epoch is still being read");
        }
        if (batchesDone < 0 || batchesDone > batchesPerEpoch()) {
            throw new IllegalArgumentException("batches done " + batchesDone + " of " + batchesPerEpoch());
        }
        this.epoch = epoch;
        int[] order = Shuffle.permutation(images.size(), new SplittableRandom(epochSeed));
        producer = new Thread(() -> produce(order, epochSeed, epoch, batchesDone * batchSize), "atelier-batches");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(int[] order, long epochSeed, int epoch, int firstStart) {
        try {
            for (int start = firstStart; start < order.length; start += batchSize) {
                Batch b = free.take();
                fill(b, order, start, epochSeed, epoch);
                ready.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        ready.offer(END);
    }

    /** Fills {@code b} with the batch that starts at position {@code start} of the epoch's order. */
    private void fill(Batch b, int[] order, int start, long epochSeed, int epoch) {
        int perImage = images.pixelsPerImage();
        float[] original = new float[perImage];
        b.size = Math.min(batchSize, order.length - start);
        SplittableRandom random = new SplittableRandom(Seeds.child(epochSeed, start));
        for (int k = 0; k < b.size; k++) {
            int index = order[start + k];
            if (augmenter == null) {
                images.copyNormalized(index, b.pixels, k * perImage);
            } else {
                images.copyNormalized(index, original, 0);
                augmenter.augment(original, 0, b.pixels, k * perImage, images.rows(), random, index, epoch);
            }
            b.indices[k] = index;
            b.labels[k] = images.label(index);
            b.weights[k] = classWeights == null ? 1f : classWeights[b.labels[k]];
        }
    }

    /**
     * Image {@code image} exactly as the batch of epoch {@code epoch} (from {@code epochSeed})
     * holds it: the same order, the same stream, the same draws before it in its batch.
     */
    public float[] imageAsTrained(int image, long epochSeed, int epoch) {
        int[] order = Shuffle.permutation(images.size(), new SplittableRandom(epochSeed));
        int position = 0;
        while (order[position] != image) {
            position++;
        }
        int start = position - position % batchSize;
        Batch b = new Batch(batchSize, images.rows());
        fill(b, order, start, epochSeed, epoch);
        int perImage = images.pixelsPerImage();
        return java.util.Arrays.copyOfRange(b.pixels, (position - start) * perImage, (position - start + 1) * perImage);
    }

    /** The next batch, or null at the end of the epoch. Give it back with {@link #release}. */
    public Batch next() throws InterruptedException {
        long t0 = System.nanoTime();
        Batch b = ready.poll(10, TimeUnit.MINUTES);
        waitNanos += System.nanoTime() - t0;
        if (failure != null) {
            throw new IllegalStateException("batch preparation failed", failure);
        }
        if (b == null) {
            throw new IllegalStateException("no batch prepared within 10 minutes");
        }
        if (b == END) {
            producer.join();
            producer = null;
            return null;
        }
        return b;
    }

    /** The epoch being read, from 1. */
    public int currentEpoch() {
        return epoch;
    }

    public void release(Batch b) {
        free.add(b);
    }

    /** Total time the consumer has waited for batches, in seconds. */
    public double waitSeconds() {
        return waitNanos / 1e9;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.interrupt();
            producer = null;
        }
    }
}
