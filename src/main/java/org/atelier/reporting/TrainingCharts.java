package org.atelier.reporting;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.atelier.run.EpochRecord;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, training against validation (the study's Figures 1, 3 and 4). */
public final class TrainingCharts {
    /** Room above and below the later epochs' range, as a share of it, so no marker sits on the frame. */
    private static final double LATER_EPOCHS_MARGIN = 0.05;
    /** Height in pixels of one chart whose legend sits inside its plot. */
    static final int HEIGHT = 420;

    private TrainingCharts() {}

    public static void writeCurves(Path file, String title, List<EpochRecord> history) {
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart loss = chart("loss", "loss");
        add(loss, "train", epochs, history.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        add(loss, "validation", epochs, history.stream().mapToDouble(EpochRecord::validationLoss).toArray());
        XYChart accuracy = chart("accuracy", "accuracy");
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        add(accuracy, "train", epochs, history.stream().mapToDouble(EpochRecord::trainAccuracy).toArray());
        add(accuracy, "validation", epochs, history.stream().mapToDouble(EpochRecord::validationAccuracy).toArray());
        fitToLaterEpochs(loss);
        fitToLaterEpochs(accuracy);
        Png.write(file, Png.sideBySide(title, loss, accuracy));
    }

    /**
     * Fits the y-axis to the epochs after each series' first and names in the title how many first-epoch
     * points fall outside it. A network trained from scratch often ends its first epoch with a validation
     * loss ten to thirty times its later ones and an accuracy near chance; an axis that holds those points
     * squeezes the epochs a reader compares into a flat line. Series of fewer than three epochs are left
     * whole. Returns the number of points off scale.
     */
    static int fitToLaterEpochs(XYChart chart) {
        Collection<XYSeries> series = chart.getSeriesMap().values();
        if (series.isEmpty() || series.stream().anyMatch(s -> s.getYData().length < 3)) {
            return 0;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (XYSeries s : series) {
            double[] y = s.getYData();
            for (int i = 1; i < y.length; i++) {
                low = Math.min(low, y[i]);
                high = Math.max(high, y[i]);
            }
        }
        double margin = Math.max(high - low, 1e-6) * LATER_EPOCHS_MARGIN;
        low -= margin;
        high += margin;
        int offScale = 0;
        for (XYSeries s : series) {
            double first = s.getYData()[0];
            if (first < low || first > high) {
                offScale++;
            }
        }
        if (offScale > 0) {
            chart.getStyler().setYAxisMin(low).setYAxisMax(high);
            chart.setTitle(chart.getTitle() + " (" + org.atelier.util.Plural.of(offScale, "point") + " of epoch 1 off scale)");
        }
        return offScale;
    }

    static XYChart chart(String title, String yTitle) {
        return chart(title, yTitle, HEIGHT);
    }

    static XYChart chart(String title, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(620).height(height).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLocale(java.util.Locale.ROOT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#");
        // three decimals at most: a one-epoch run has only its two values as ticks, 1.600209 otherwise
        chart.getStyler().setYAxisDecimalPattern("0.###");
        // the title clear of the plot's frame
        chart.getStyler().setChartTitlePadding(12).setChartTitleBoxVisible(false);
        return chart;
    }

    static void add(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
