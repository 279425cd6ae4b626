package org.atelier.reporting;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.atelier.run.EpochRecord;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, training against validation (the study's Figures 1, 3 and 4). */
public final class TrainingCharts {
    private TrainingCharts() {}

    public static void writeCurves(Path file, String title, List<EpochRecord> history) {
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart loss = chart(title + ": loss", "loss");
        add(loss, "train", epochs, history.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        add(loss, "validation", epochs, history.stream().mapToDouble(EpochRecord::validationLoss).toArray());
        XYChart accuracy = chart(title + ": accuracy", "accuracy");
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        add(accuracy, "train", epochs, history.stream().mapToDouble(EpochRecord::trainAccuracy).toArray());
        add(accuracy, "validation", epochs, history.stream().mapToDouble(EpochRecord::validationAccuracy).toArray());
        Png.write(file, Png.sideBySide(loss, accuracy));
    }

    static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(620).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    static void add(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
