package org.atelier.augmentation;

/**
 * On-the-fly augmentation settings, with Keras' ImageDataGenerator meanings. All zero means no
 * augmentation.
 *
 * @param shift largest width and height shift, as a fraction of the image size (0.1 = 2.8 pixels)
 * @param zoom zoom range: each axis is scaled by a factor drawn from [1 - zoom, 1 + zoom]
 * @param shear largest shear angle in degrees
 * @param flip whether images are mirrored left-right half of the time
 * @param rotation largest rotation in degrees (the study found rotation hurts: off by default)
 */
public record AugmentConfig(double shift, double zoom, double shear, boolean flip, double rotation) {

    public static AugmentConfig none() {
        return new AugmentConfig(0, 0, 0, false, 0);
    }

    /** The study's tuned settings: shifts, zoom, shear and flips, no rotation. */
    public static AugmentConfig study() {
        return new AugmentConfig(0.1, 0.1, 10, true, 0);
    }

    public boolean enabled() {
        return shift > 0 || zoom > 0 || shear > 0 || flip || rotation > 0;
    }

    public void validate() {
        if (shift < 0 || shift >= 1) {
            throw new org.atelier.util.UserException("--shift must be in [0, 1), got " + shift);
        }
        if (zoom < 0 || zoom >= 1) {
            throw new org.atelier.util.UserException("--zoom must be in [0, 1), got " + zoom);
        }
        if (shear < 0 || shear >= 90) {
            throw new org.atelier.util.UserException("--shear must be in [0, 90) degrees, got " + shear);
        }
        if (rotation < 0 || rotation > 180) {
            throw new org.atelier.util.UserException("--rotation must be in [0, 180] degrees, got " + rotation);
        }
    }
}
