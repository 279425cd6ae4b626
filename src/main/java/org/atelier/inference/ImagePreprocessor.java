package org.atelier.inference;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.atelier.util.UserException;

/**
 * Turns any PNG, JPEG, GIF or BMP into the training format: 28x28 grayscale in [0,1], a light
 * object on a dark background, the object scaled to fit with its aspect ratio kept and centred.
 */
public final class ImagePreprocessor {
    public static final int SIZE = 28;

    /** How to tell the background: auto looks at the border of the picture. */
    public enum Background { AUTO, DARK, LIGHT }

    private final Background background;

    public ImagePreprocessor(Background background) {
        this.background = background;
    }

    /** Reads and converts one file; a file that is not a readable image is a {@link UserException}. */
    public float[] load(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": unreadable image (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new UserException(file + ": not an image in a format Java reads (PNG, JPEG, GIF, BMP)");
        }
        return convert(image);
    }

    public float[] convert(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] gray = grayscale(image);
        boolean invert = switch (background) {
            case DARK -> false;
            case LIGHT -> true;
            case AUTO -> borderMean(gray, w, h) > 0.5f;
        };
        if (invert) {
            for (int i = 0; i < gray.length; i++) {
                gray[i] = 1 - gray[i];
            }
        }
        return w == SIZE && h == SIZE ? gray : fit(gray, w, h);
    }

    /**
     * Luminance in [0,1], transparent areas blended with the background. Gray images are read from
     * their raster: getRGB would pass them through a colour-space conversion that alters the values.
     */
    private float[] grayscale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] gray = new float[w * h];
        boolean grayModel = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        var raster = image.getRaster();
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float luminance;
                float opacity;
                if (grayModel) {
                    float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
                    luminance = raster.getSample(x, y, 0) / max;
                    opacity = alpha ? raster.getSample(x, y, 1) / ((1 << image.getColorModel().getComponentSize(1)) - 1f) : 1f;
                } else {
                    int argb = image.getRGB(x, y);
                    opacity = ((argb >>> 24) & 0xff) / 255f;
                    luminance = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff)
                            + 0.114f * (argb & 0xff)) / 255f;
                }
                gray[y * w + x] = opacity * luminance + (1 - opacity) * transparentValue();
            }
        }
        return gray;
    }

    /** Transparent areas are background: dark unless the picture is declared dark-on-light. */
    private float transparentValue() {
        return background == Background.LIGHT ? 1f : 0f;
    }

    static float borderMean(float[] gray, int w, int h) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += gray[x] + gray[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += gray[y * w] + gray[y * w + w - 1];
            n += 2;
        }
        return (float) (sum / n);
    }

    /** Scales the longer side to 28 with area averaging, centred on a dark square. */
    private static float[] fit(float[] gray, int w, int h) {
        // RGB throughout: drawing into a gray image would convert colour spaces and shift values.
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.round(gray[y * w + x] * 255);
                src.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        double scale = (double) SIZE / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        Image scaled = src.getScaledInstance(tw, th, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(scaled, (SIZE - tw) / 2, (SIZE - th) / 2, null);
        g.dispose();
        float[] result = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                result[y * SIZE + x] = (out.getRGB(x, y) & 0xff) / 255f;
            }
        }
        return result;
    }
}
