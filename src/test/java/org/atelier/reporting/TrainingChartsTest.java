package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.atelier.run.EpochRecord;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The y-axis fitted to the epochs after the first, so a wild first epoch does not flatten the rest. */
class TrainingChartsTest {
    private static final double[] EPOCHS = {1, 2, 3, 4};

    @TempDir
    Path tmp;

    /** A run's name goes in a caption across both charts, where a long one is not cut off. */
    @Test
    void theCurvesCarryTheirTitleInACaptionBandAboveBothCharts() throws Exception {
        Path file = tmp.resolve("curves.png");
        TrainingCharts.writeCurves(file, "2026-11-29T05-50-50-miniresnet-label-smoothing (miniresnet)", List.of(
                new EpochRecord(1, 0.6, 0.80, 0.5, 0.75, 1e-3, 10, 100, 0, 0, 0.6, 2),
                new EpochRecord(2, 0.4, 0.90, 0.3, 0.85, 1e-3, 10, 100, 0, 0, 0.4, 2)));

        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(TrainingCharts.HEIGHT + Png.CAPTION_PIXELS, png.getHeight());
        int dark = 0;
        for (int y = 0; y < Png.CAPTION_PIXELS; y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                dark += (png.getRGB(x, y) & 0xff) < 100 ? 1 : 0;
            }
        }
        assertTrue(dark > 100, "the caption is drawn in its band: " + dark + " dark pixels");
    }

    @Test
    void aFirstEpochFarAboveTheRestIsLeftOffScaleAndCounted() {
        XYChart loss = TrainingCharts.chart("validation loss", "loss");
        TrainingCharts.add(loss, "a", EPOCHS, new double[] {4.5, 0.4, 0.3, 0.2});
        TrainingCharts.add(loss, "b", EPOCHS, new double[] {0.35, 0.3, 0.25, 0.22});

        assertEquals(1, TrainingCharts.fitToLaterEpochs(loss));
        // later epochs span 0.2 to 0.4; 5% of that range on each side
        assertEquals(0.19, loss.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.41, loss.getStyler().getYAxisMax(), 1e-12);
        assertEquals("validation loss (1 point of epoch 1 off scale)", loss.getTitle());
    }

    @Test
    void firstEpochsBelowTheRestAreCountedTogether() {
        XYChart accuracy = TrainingCharts.chart("validation accuracy", "accuracy");
        TrainingCharts.add(accuracy, "a", EPOCHS, new double[] {0.18, 0.86, 0.90, 0.94});
        TrainingCharts.add(accuracy, "b", EPOCHS, new double[] {0.10, 0.88, 0.92, 0.93});

        assertEquals(2, TrainingCharts.fitToLaterEpochs(accuracy));
        assertEquals(0.856, accuracy.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.944, accuracy.getStyler().getYAxisMax(), 1e-12);
        assertEquals("validation accuracy (2 points of epoch 1 off scale)", accuracy.getTitle());
    }

    @Test
    void aFirstEpochWithinTheLaterRangeLeavesTheAxisToXChart() {
        XYChart accuracy = TrainingCharts.chart("validation accuracy", "accuracy");
        TrainingCharts.add(accuracy, "a", EPOCHS, new double[] {0.90, 0.86, 0.92, 0.94});

        assertEquals(0, TrainingCharts.fitToLaterEpochs(accuracy));
        assertNull(accuracy.getStyler().getYAxisMin());
        assertEquals("validation accuracy", accuracy.getTitle());
    }

    @Test
    void runsOfFewerThanThreeEpochsAreDrawnWhole() {
        XYChart loss = TrainingCharts.chart("validation loss", "loss");
        TrainingCharts.add(loss, "long", EPOCHS, new double[] {4.5, 0.4, 0.3, 0.2});
        TrainingCharts.add(loss, "short", new double[] {1, 2}, new double[] {2.0, 0.5});

        assertEquals(0, TrainingCharts.fitToLaterEpochs(loss));
        assertNull(loss.getStyler().getYAxisMax());
    }
}
