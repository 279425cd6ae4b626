package org.atelier.augmentation;

import java.util.Locale;
import org.atelier.data.FashionMnist;

/**
 * On-the-fly augmentation settings, with Keras' ImageDataGenerator meanings. All zero means no
 * augmentation.
 *
 * @param shift largest width and height shift, as a fraction of the image size (0.1 = 2.8 pixels)
 * @param zoom zoom range: each axis is scaled by a factor drawn from [1 - zoom, 1 + zoom]
 * @param shear largest shear angle in degrees
 * @param flip whether images are mirrored left-right half of the time
 * @param rotation largest rotation in degrees (the study found rotation hurts: off by default)
 * @param wholePixelShifts shifts are whole pixels, up to {@code round(shift * size)}: without zoom,
 *     shear or rotation the image is then moved, not resampled, and stays as sharp as the test images
 * @param erase probability of random erasing: a rectangle of {@link #ERASE_MIN_AREA} to
 *     {@link #ERASE_MAX_AREA} of the image, with an aspect ratio between 1/3 and 3, set to the
 *     background (0) after the geometric transform, as in Zhong et al.'s Random Erasing
 * @param fill what fills the parts of the image a transform uncovers; runs saved before it
 *     existed read as {@link Fill#NEAREST}, the Keras default they used
 * @param alternateFlips with {@code flip}: each image is mirrored in every other epoch (a coin
 *     per image decides the first) instead of by a fresh coin each epoch, so any two consecutive
 *     epochs show every image both ways (Jordan's "alternating flip", 2024)
 */
public record AugmentConfig(double shift, double zoom, double shear, boolean flip, double rotation,
                            boolean wholePixelShifts, double erase, Fill fill, boolean alternateFlips) {
    public static final double ERASE_MIN_AREA = 0.02;
    public static final double ERASE_MAX_AREA = 0.2;
    public static final double ERASE_MAX_ASPECT = 3;

    public AugmentConfig {
        fill = fill == null ? Fill.NEAREST : fill;
    }

    /** Settings with flips, if any, drawn at random each epoch. */
    public AugmentConfig(double shift, double zoom, double shear, boolean flip, double rotation,
                         boolean wholePixelShifts, double erase, Fill fill) {
        this(shift, zoom, shear, flip, rotation, wholePixelShifts, erase, fill, false);
    }

    /** Settings that fill uncovered parts with the nearest edge pixel, as Keras does by default. */
    public AugmentConfig(double shift, double zoom, double shear, boolean flip, double rotation,
                         boolean wholePixelShifts, double erase) {
        this(shift, zoom, shear, flip, rotation, wholePixelShifts, erase, Fill.NEAREST);
    }

    /** Keras-like settings, with shifts of any fraction of a pixel and no erasing. */
    public AugmentConfig(double shift, double zoom, double shear, boolean flip, double rotation) {
        this(shift, zoom, shear, flip, rotation, false, 0);
    }

    public static AugmentConfig none() {
        return new AugmentConfig(0, 0, 0, false, 0);
    }

    /**
     * The study's tuned settings as its notebook wrote them: width and height shift 0.1, zoom 0.1,
     * shear_range 0.15 (Keras reads it in degrees: a very small shear), horizontal flips, no rotation.
     */
    public static AugmentConfig study() {
        return new AugmentConfig(0.1, 0.1, 0.15, true, 0);
    }

    /** The settings in words, for charts and logs. */
    public String describe() {
        String shiftText = wholePixelShifts
                ? String.format(Locale.ROOT, "shift up to %d px", Math.round(shift * FashionMnist.IMAGE_SIZE))
                : String.format(Locale.ROOT, "shift %.2f", shift);
        return String.format(Locale.ROOT, "%s, zoom %.2f, shear %s deg, flip %s, rotation %.0f deg%s%s", shiftText, zoom,
                shear == Math.rint(shear) ? String.format(Locale.ROOT, "%.0f", shear) : String.format(Locale.ROOT, "%.2f", shear),
                !flip ? "off" : alternateFlips ? "alternating" : "on", rotation, erase > 0 ? String.format(Locale.ROOT, ", erase p=%.2f", erase) : "",
                fill == Fill.NEAREST ? "" : ", fill " + fill.id());
    }

    public boolean enabled() {
        return shift > 0 || zoom > 0 || shear > 0 || flip || rotation > 0 || erase > 0;
    }

    public void validate() {
        if (!(shift >= 0 && shift < 1)) {
            throw new org.atelier.util.UserException("--shift must be in [0, 1), got " + shift);
        }
        if (!(zoom >= 0 && zoom < 1)) {
            throw new org.atelier.util.UserException("--zoom must be in [0, 1), got " + zoom);
        }
        if (!(shear >= 0 && shear < 90)) {
            throw new org.atelier.util.UserException("--shear must be in [0, 90) degrees, got " + shear);
        }
        if (!(erase >= 0 && erase <= 1)) {
            throw new org.atelier.util.UserException("--erase must be a probability in [0, 1], got " + erase);
        }
        if (alternateFlips && !flip) {
            throw new org.atelier.util.UserException("--alternate-flips needs flips (--flip)");
        }
        if (!(rotation >= 0 && rotation <= 180)) {
            throw new org.atelier.util.UserException("--rotation must be in [0, 180] degrees, got " + rotation);
        }
    }
}
