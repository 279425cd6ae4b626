package org.atelier.inference;

import java.util.Locale;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.atelier.util.UserException;

/**
 * Turns any PNG, JPEG, GIF or BMP into the training format: 28x28 grayscale in [0,1], a light
 * object on a dark background, the object scaled to fit with its aspect ratio kept and centred.
 */
public final class ImagePreprocessor {
    public static final int SIZE = 28;

    /** How to tell the background: auto looks at the border of the picture. */
    public enum Background {
        AUTO, DARK, LIGHT;

        /** auto, dark or light, as --background and the server's ?background= name it. */
        public static Background byName(String name) {
            return switch (name) {
                case "auto" -> AUTO;
                case "dark" -> DARK;
                case "light" -> LIGHT;
                default -> throw new UserException("background must be auto, dark or light, got '" + name + "'");
            };
        }
    }

    private final Background background;

    public ImagePreprocessor(Background background) {
        this.background = background;
    }

    /** Why a zero-byte input is not predicted, after its name. */
    public static final String EMPTY_FILE = "empty file (0 bytes), not an image";

    /** Pictures over this many pixels are refused from their header, before any decoding. */
    public static final long MAX_PIXELS = 200_000_000L;
    /** Larger pictures are decoded subsampled to about this long side: the model sees 28 pixels anyway. */
    static final int DECODE_SIDE = 1024;

    /**
     * Reads and converts one file; a file that is not a readable image, or one whose header
     * declares more than {@link #MAX_PIXELS} pixels, is a {@link UserException}.
     */
    public float[] load(Path file) {
        try {
            if (java.nio.file.Files.size(file) == 0) {
                throw new UserException(file + ": " + EMPTY_FILE);
            }
        } catch (IOException e) {
            throw new UserException(file + ": unreadable image (" + UserException.reason(e) + ")");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return convert(read(in, file.toString()));
        } catch (IOException e) {
            throw new UserException(file + ": unreadable image (" + UserException.reason(e) + ")");
        }
    }

    /** As {@link #load(Path)}, for an image's bytes; {@code name} names it in messages. */
    public float[] load(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new UserException(name + ": " + EMPTY_FILE);
        }
        // Cached in memory: ImageIO's default cache is a temporary file whose clean-up registers a shutdown
        // hook, which fails once the JVM is stopping, so a server answering its last requests on SIGTERM answered 500.
        try (ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return convert(read(in, name));
        } catch (IOException e) {
            throw new UserException(name + ": unreadable image (" + UserException.reason(e) + ")");
        }
    }

    private static BufferedImage read(ImageInputStream in, String name) {
        try {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UserException(name + ": not an image in a format Java reads (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > MAX_PIXELS) {
                    throw new UserException(String.format(Locale.ROOT, "%s: %,d x %,d pixels is more than the %,d megapixels Atelier reads",
                            name, width, height, MAX_PIXELS / 1_000_000));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.max(width, height) / DECODE_SIDE);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException(name + ": unreadable image (" + UserException.reason(e) + ")");
        }
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

    /** Below this spread between its darkest and lightest pixel, a preprocessed image shows nothing to classify. */
    public static final float BLANK_SPREAD = 0.05f;

    /** What predict says of a blank image, after its name. */
    public static final String BLANK_WARNING = "blank after preprocessing (one flat tone at 28x28); its prediction means nothing";

    /** Whether a preprocessed image is blank: one flat tone, nothing a model could recognise. */
    public static boolean isBlank(float[] pixels) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : pixels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min < BLANK_SPREAD;
    }

    /**
     * Luminance in [0,1], with transparent areas composited onto the background the picture
     * implies. Gray images are read from their raster: getRGB would pass them through a
     * colour-space conversion that alters the values.
     */
    private float[] grayscale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] luminance = new float[w * h];
        float[] opacity = new float[w * h];
        boolean grayModel = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getNumColorComponents() == 1;
        var raster = image.getRaster();
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (grayModel) {
                    float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
                    luminance[i] = raster.getSample(x, y, 0) / max;
                    opacity[i] = alpha ? raster.getSample(x, y, 1) / ((1 << image.getColorModel().getComponentSize(1)) - 1f) : 1f;
                } else {
                    int argb = image.getRGB(x, y);
                    opacity[i] = ((argb >>> 24) & 0xff) / 255f;
                    luminance[i] = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff)
                            + 0.114f * (argb & 0xff)) / 255f;
                }
            }
        }
        float behind = transparentValue(luminance, opacity);
        float[] gray = new float[w * h];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = opacity[i] * luminance[i] + (1 - opacity[i]) * behind;
        }
        return gray;
    }

    /**
     * What shows through transparent areas: the declared background, or with auto the opposite of
     * the visible object, so that a dark garment on transparency reads as dark on light (and is
     * then inverted like any such picture) instead of vanishing into a dark background.
     */
    private float transparentValue(float[] luminance, float[] opacity) {
        if (background != Background.AUTO) {
            return background == Background.LIGHT ? 1f : 0f;
        }
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < luminance.length; i++) {
            weighted += opacity[i] * luminance[i];
            total += opacity[i];
        }
        return total > 0 && weighted / total < 0.5 ? 1f : 0f;
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
