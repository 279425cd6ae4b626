package org.atelier.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A Grad-CAM map drawn over its image: the 28x28 image in grey, {@value #SCALE} times larger, the
 * map in the jet colour map (blue for none of the evidence, through green and yellow, to red for
 * the most) blended over it at {@value #ALPHA}, and below it a band naming the class and its
 * probability. A map with no positive evidence anywhere leaves the image grey and says so in the band.
 */
public final class HeatmapOverlay {
    public static final int SCALE = 8;
    /** The heatmap's share of each blended pixel; the image keeps the rest. */
    public static final double ALPHA = 0.5;
    public static final int CAPTION_PIXELS = 22;
    /** What a picture says of a map that is zero everywhere. */
    public static final String NO_EVIDENCE = "no positive evidence";

    private HeatmapOverlay() {}

    /**
     * The picture for one image: {@code pixels} and {@code map} hold 784 values in [0,1] each,
     * row by row; the caption reads e.g. "Sneaker 97.3%", or "Sneaker 97.3%, no positive evidence"
     * for an all-zero map.
     */
    public static BufferedImage render(float[] pixels, float[] map, String className, double probability) {
        int side = GradCam.SIDE * SCALE;
        boolean evidence = GradCam.hasEvidence(map);
        BufferedImage picture = new BufferedImage(side, side + CAPTION_PIXELS, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = (y / SCALE) * GradCam.SIDE + x / SCALE;
                picture.setRGB(x, y, evidence ? blended(pixels[p], map[p]) : grey(pixels[p]));
            }
        }
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, side, side, CAPTION_PIXELS);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        String caption = String.format(Locale.ROOT, "%s %.1f%%", className, 100 * probability)
                + (evidence ? "" : ", " + NO_EVIDENCE);
        // 14 points, smaller when the caption would not fit the band ("T-shirt/top 100.0%, no positive evidence" needs about 9)
        int points = 14;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, points));
        while (points > 8 && g.getFontMetrics().stringWidth(caption) > side - 4) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --points));
        }
        var metrics = g.getFontMetrics();
        g.drawString(caption, Math.max(2, (side - metrics.stringWidth(caption)) / 2),
                side + (CAPTION_PIXELS + metrics.getAscent() - metrics.getDescent()) / 2);
        g.dispose();
        return picture;
    }

    /** The RGB of one image pixel of grey level {@code pixel} with the map's value {@code heat} over it. */
    public static int blended(float pixel, float heat) {
        int grey = level(pixel);
        double v = Math.max(0, Math.min(1, heat));
        int r = blend(grey, level(jet(v, 3)));
        int gr = blend(grey, level(jet(v, 2)));
        int b = blend(grey, level(jet(v, 1)));
        return (r << 16) | (gr << 8) | b;
    }

    /** Jet's red (centre 3), green (2) or blue (1) at {@code v}: a tent of height 1.5 around v = centre/4, cut at [0,1]. */
    static double jet(double v, int centre) {
        return Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - centre)));
    }

    /** The RGB of an image pixel of grey level {@code pixel}, no map over it. */
    public static int grey(float pixel) {
        int v = level(pixel);
        return (v << 16) | (v << 8) | v;
    }

    private static int level(double unit) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, unit)));
    }

    private static int blend(int image, int heat) {
        return (int) Math.round((1 - ALPHA) * image + ALPHA * heat);
    }

    /**
     * A file name for an image's id: characters other than letters, digits, '.', '-' and '_'
     * become '_', and ".png" is added unless the id ends with it.
     */
    public static String fileName(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "_" + safe;
        }
        return safe.toLowerCase(Locale.ROOT).endsWith(".png") ? safe : safe + ".png";
    }
}
