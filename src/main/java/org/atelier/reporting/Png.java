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

    /** Height in pixels of the band that holds a caption above charts side by side. */
    static final int CAPTION_PIXELS = 30;

    /**
     * Charts side by side under one caption across their whole width: a name too long for each chart's
     * own title (a run's folder and model, beside XChart's title and a note) would be cut off there.
     */
    public static BufferedImage sideBySide(String caption, Chart<?, ?>... charts) {
        BufferedImage below = sideBySide(charts);
        BufferedImage combined = new BufferedImage(below.getWidth(), below.getHeight() + CAPTION_PIXELS, BufferedImage.TYPE_INT_RGB);
        var g = combined.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, combined.getWidth(), CAPTION_PIXELS);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 16));
        var metrics = g.getFontMetrics();
        g.drawString(caption, Math.max(0, (combined.getWidth() - metrics.stringWidth(caption)) / 2),
                (CAPTION_PIXELS + metrics.getAscent() - metrics.getDescent()) / 2);
        g.drawImage(below, 0, CAPTION_PIXELS, null);
        g.dispose();
        return combined;
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
