package org.atelier.reporting;

import java.awt.Color;
import org.atelier.explain.GradCam;
import org.atelier.explain.HeatmapOverlay;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws small grayscale images in a grid, each enlarged and captioned, in titled sections: the
 * picture type behind the sample grid, the augmentation examples and the mistakes grid.
 */
public final class ImageGrid {
    private static final int SCALE = 3;
    /** Two caption lines of the 10-point font. */
    private static final int CAPTION_LINES_HEIGHT = 30;
    /** A third, under a map with no positive evidence. */
    private static final int NOTE_LINE_HEIGHT = 14;
    private static final int PAD = 8;
    private static final int TITLE_HEIGHT = 28;

    private ImageGrid() {}

    /**
     * One image with up to two caption lines; {@code pixels} are row-major in [0,1], and
     * {@code heat}, when not null, a map of the same size in [0,1] drawn over them in colour (or,
     * when it is zero everywhere, a third line saying there is no evidence to draw).
     */
    public record Tile(float[] pixels, int rows, int cols, String caption, String detail, Color captionColor, float[] heat) {
        public Tile(float[] pixels, int rows, int cols, String caption, String detail, Color captionColor) {
            this(pixels, rows, cols, caption, detail, captionColor, null);
        }

        public Tile(float[] pixels, int rows, int cols, String caption) {
            this(pixels, rows, cols, caption, null, Color.BLACK, null);
        }
    }

    /** A titled block of tiles. */
    public record Section(String title, List<Tile> tiles) {}

    public static BufferedImage render(List<Section> sections, int columns) {
        int tileRows = sections.stream().flatMap(s -> s.tiles().stream()).mapToInt(Tile::rows).max().orElse(28);
        int tileCols = sections.stream().flatMap(s -> s.tiles().stream()).mapToInt(Tile::cols).max().orElse(28);
        int cellWidth = Math.max(tileCols * SCALE, 124) + PAD;
        boolean notes = sections.stream().flatMap(s -> s.tiles().stream()).anyMatch(t -> t.heat() != null && !GradCam.hasEvidence(t.heat()));
        int cellHeight = tileRows * SCALE + CAPTION_LINES_HEIGHT + (notes ? NOTE_LINE_HEIGHT : 0) + PAD;
        int height = PAD;
        for (Section s : sections) {
            height += TITLE_HEIGHT + rowsOf(s, columns) * cellHeight + PAD;
        }
        int width = PAD + columns * cellWidth;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        int y = PAD;
        for (Section s : sections) {
            g.setFont(titleFont);
            g.setColor(Color.BLACK);
            g.drawString(s.title(), PAD, y + 18);
            y += TITLE_HEIGHT;
            for (int i = 0; i < s.tiles().size(); i++) {
                int x = PAD + (i % columns) * cellWidth;
                int top = y + (i / columns) * cellHeight;
                drawTile(g, s.tiles().get(i), x + (cellWidth - PAD - tileCols * SCALE) / 2, top, captionFont, cellWidth - PAD, x);
            }
            y += rowsOf(s, columns) * cellHeight + PAD;
        }
        g.dispose();
        return image;
    }

    private static int rowsOf(Section s, int columns) {
        return (s.tiles().size() + columns - 1) / columns;
    }

    private static void drawTile(Graphics2D g, Tile tile, int imageX, int top, Font font, int cellWidth, int cellX) {
        boolean heat = tile.heat() != null && GradCam.hasEvidence(tile.heat());
        for (int r = 0; r < tile.rows(); r++) {
            for (int c = 0; c < tile.cols(); c++) {
                float v = Math.max(0f, Math.min(1f, tile.pixels()[r * tile.cols() + c]));
                g.setColor(heat ? new Color(HeatmapOverlay.blended(v, tile.heat()[r * tile.cols() + c])) : new Color(v, v, v));
                g.fillRect(imageX + c * SCALE, top + r * SCALE, SCALE, SCALE);
            }
        }
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int textY = top + tile.rows() * SCALE + metrics.getAscent() + 1;
        g.setColor(tile.captionColor());
        drawCentered(g, tile.caption(), cellX, cellWidth, textY, metrics);
        if (tile.detail() != null) {
            g.setColor(Color.DARK_GRAY);
            drawCentered(g, tile.detail(), cellX, cellWidth, textY + metrics.getHeight(), metrics);
        }
        if (tile.heat() != null && !heat) {
            g.setColor(Color.DARK_GRAY);
            drawCentered(g, HeatmapOverlay.NO_EVIDENCE, cellX, cellWidth, textY + 2 * metrics.getHeight(), metrics);
        }
    }

    private static void drawCentered(Graphics2D g, String text, int cellX, int cellWidth, int y, FontMetrics metrics) {
        int w = metrics.stringWidth(text);
        g.drawString(text, cellX + Math.max(0, (cellWidth - w) / 2), y);
    }
}
