package org.atelier.augmentation;

import java.util.SplittableRandom;
import org.atelier.data.ImageSet;

/**
 * The study's second way to combine augmentation with class weights: augment beforehand and train
 * on the originals plus K augmented copies. Copies are stored as bytes, as images on disk would be.
 */
public final class OfflineAugmentation {
    private OfflineAugmentation() {}

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
        SplittableRandom random = new SplittableRandom(seed);
        for (int copy = 1; copy <= copies; copy++) {
            for (int i = 0; i < n; i++) {
                originals.copyNormalized(i, source, 0);
                augmenter.augment(source, 0, augmented, 0, size, random);
                int base = (copy * n + i) * perImage;
                for (int p = 0; p < perImage; p++) {
                    pixels[base + p] = (byte) Math.round(Math.max(0f, Math.min(1f, augmented[p])) * 255f);
                }
                labels[copy * n + i] = originals.labels()[i];
            }
        }
        return new ImageSet(pixels, labels, originals.rows(), originals.cols());
    }
}
