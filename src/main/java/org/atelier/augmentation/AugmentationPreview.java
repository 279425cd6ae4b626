package org.atelier.augmentation;

import java.util.List;

/**
 * A few training images and, for each, the versions training really uses: as the batch loader
 * augments them in the first epochs, or as the offline copies hold them.
 *
 * @param versionLabel what a version is: "epoch" or "copy", numbered from 1
 */
public record AugmentationPreview(AugmentConfig config, String versionLabel, List<Example> examples) {
    /** One image: its class, its pixels, then its versions, each as many pixels, side x side. */
    public record Example(int label, float[] original, List<float[]> versions, int side) {}
}
