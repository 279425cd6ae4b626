package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

/** The y-axis fitted to the epochs after the first, so a wild first epoch does not flatten the rest. */
class TrainingChartsTest {
    private static final double[] EPOCHS = {1, 2, 3, 4};

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
