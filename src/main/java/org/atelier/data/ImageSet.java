package org.atelier.data;

import java.util.Objects;

/**
 * Grayscale images with their labels. Pixels stay as the bytes of the IDX file (0-255, one byte
 * each, row-major); {@link #normalized} turns them into the [0,1] floats the models consume.
 */
public record ImageSet(byte[] pixels, byte[] labels, int rows, int cols) {

    public ImageSet {
        Objects.requireNonNull(pixels);
        Objects.requireNonNull(labels);
        if (rows <= 0 || cols <= 0 || (long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(
                    "pixels (" + pixels.length + ") do not hold " + labels.length + " images of " + rows + "x" + cols);
        }
    }

    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The pixel scaled to [0,1] by dividing by 255, as the study does. */
    public static float normalized(byte pixel) {
        return (pixel & 0xff) / 255f;
    }

    /** Every image scaled to [0,1], one after another. */
    public float[] normalized() {
        int n = pixelsPerImage();
        float[] out = new float[size() * n];
        for (int i = 0; i < size(); i++) {
            copyNormalized(i, out, i * n);
        }
        return out;
    }

    /** Copies image {@code index} into {@code out} at {@code offset}, scaled to [0,1]. */
    public void copyNormalized(int index, float[] out, int offset) {
        int n = pixelsPerImage();
        int base = index * n;
        for (int i = 0; i < n; i++) {
            out[offset + i] = normalized(pixels[base + i]);
        }
    }

    /** The images at the given positions, in that order. */
    public ImageSet subset(int[] indices) {
        int n = pixelsPerImage();
        byte[] p = new byte[indices.length * n];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, p, i * n, n);
            l[i] = labels[indices[i]];
        }
        return new ImageSet(p, l, rows, cols);
    }

    /** The first {@code n} images, or all of them when {@code n} is 0 or at least the size. */
    public ImageSet first(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return subset(indices);
    }

    /** Images per class label. */
    public int[] classCounts() {
        int[] counts = new int[FashionClass.COUNT];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
