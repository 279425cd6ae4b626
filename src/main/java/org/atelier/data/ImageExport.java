package org.atelier.data;

import java.util.Locale;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes images of a set as 28x28 grayscale PNG files, e.g. to try predict, or Spark's batch prediction, on real files. */
public final class ImageExport {
    private ImageExport() {}

    /** Image {@code i} as a PNG file's bytes. */
    public static byte[] png(ImageSet images, int i) {
        BufferedImage png = new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
        int perImage = images.pixelsPerImage();
        for (int p = 0; p < perImage; p++) {
            png.getRaster().setSample(p % images.cols(), p / images.cols(), 0, images.pixels()[i * perImage + p] & 0xff);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(png, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the first {@code limit} images as {@code PREFIX-NNNNN-CLASS.png} (index, then the true
     * class, so that a prediction can be checked by its file name).
     *
     * @return the number of files written
     */
    public static int write(ImageSet images, int limit, String prefix, Path dir) {
        int n = Math.min(limit, images.size());
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "%s-%05d-%s.png", prefix, i, FashionClass.nameOf(images.label(i))
                        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-"));
                // Each file appears whole (written aside, then renamed); no fsync per file for tens of thousands of them.
                Path tmp = dir.resolve("." + name + ".tmp");
                Files.write(tmp, png(images, i));
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write images into " + dir + ": " + e.getMessage(), e);
        }
        return n;
    }
}
