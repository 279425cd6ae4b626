package org.atelier.reporting;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.atelier.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes PNG files atomically. */
public final class Png {
    private Png() {}

    public static void write(Path file, BufferedImage image) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        });
    }

    public static void write(Path file, Chart<?, ?> chart) {
        write(file, BitmapEncoder.getBufferedImage(chart));
    }

    /** Charts side by side, as one picture. */
    public static BufferedImage sideBySide(Chart<?, ?>... charts) {
        int width = 0;
        int height = 0;
        BufferedImage[] images = new BufferedImage[charts.length];
        for (int i = 0; i < charts.length; i++) {
            images[i] = BitmapEncoder.getBufferedImage(charts[i]);
            width += images[i].getWidth();
            height = Math.max(height, images[i].getHeight());
        }
        BufferedImage combined = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = combined.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        return combined;
    }
}
