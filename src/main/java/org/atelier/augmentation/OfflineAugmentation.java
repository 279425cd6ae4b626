package org.atelier.augmentation;

import java.util.SplittableRandom;
import org.atelier.data.ImageSet;
import org.atelier.util.Seeds;

/**
 * The study's second way to combine augmentation with class weights: augment beforehand and train
 * on the originals plus K augmented copies. Copies are stored as bytes, as images on disk would be.
 */
public final class OfflineAugmentation {
    private OfflineAugmentation() {}

    /**
     * Copy {@code copy} (from 1) of image {@code image} as {@link #expand} stores it, in [0,1]:
     * each copy of each image draws from its own stream, so one can be made without the others.
     */
    public static float[] copyOf(ImageSet originals, Augmenter augmenter, int copy, int image, long seed) {
        float[] source = new float[originals.pixelsPerImage()];
        float[] augmented = new float[source.length];
        originals.copyNormalized(image, source, 0);
        augmentCopy(augmenter, source, augmented, originals.rows(), copy, image, seed);
        for (int p = 0; p < augmented.length; p++) {
            augmented[p] = (toByte(augmented[p]) & 0xff) / 255f;
        }
        return augmented;
    }

    private static void augmentCopy(Augmenter augmenter, float[] source, float[] augmented, int size, int copy, int image,
                                    long seed) {
        SplittableRandom random = new SplittableRandom(Seeds.child(Seeds.child(seed, Seeds.OFFLINE_COPIES, copy), image));
        augmenter.augment(source, 0, augmented, 0, size, random);
    }

    private static byte toByte(float v) {
        return (byte) Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    public static ImageSet expand(ImageSet originals, Augmenter augmenter, int copies, long seed) {
        int n = originals.size();
        int perImage = originals.pixelsPerImage();
        int size = originals.rows();
        if (originals.rows() != originals.cols()) {
            throw new IllegalArgumentException("augmentation needs square images");
        }
        byte[] pixels = new byte[(copies + 1) * n * perImage];
        byte[] labels = new byte[(copies + 1) * n];
        System.arraycopy(originals.pixels(), 0, pixels, 0, n * perImage);
        System.arraycopy(originals.labels(), 0, labels, 0, n);
        float[] source = new float[perImage];
        float[] augmented = new float[perImage];
        for (int copy = 1; copy <= copies; copy++) {
            for (int i = 0; i < n; i++) {
                originals.copyNormalized(i, source, 0);
                augmentCopy(augmenter, source, augmented, size, copy, i, seed);
                int base = (copy * n + i) * perImage;
                for (int p = 0; p < perImage; p++) {
                    pixels[base + p] = toByte(augmented[p]);
                }
                labels[copy * n + i] = originals.labels()[i];
            }
        }
        return new ImageSet(pixels, labels, originals.rows(), originals.cols());
    }
}
