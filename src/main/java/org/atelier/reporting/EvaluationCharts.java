package org.atelier.reporting;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atelier.data.FashionClass;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.atelier.run.ReliabilityBin;

/** The confusion matrix as heat maps (counts and row-normalised shares, the study's Figure 2) and the reliability diagram. */
public final class EvaluationCharts {
    private static final Color[] BLUES = {new Color(247, 251, 255), new Color(198, 219, 239),
            new Color(107, 174, 214), new Color(33, 113, 181), new Color(8, 48, 107)};

    private EvaluationCharts() {}

    /** The confusion matrix as counts and row-normalised, side by side. */
    public static java.awt.image.BufferedImage confusionMatrix(int[][] counts) {
        int k = counts.length;
        double[][] shares = new double[k][k];
        for (int t = 0; t < k; t++) {
            int total = 0;
            for (int c : counts[t]) {
                total += c;
            }
            for (int p = 0; p < k; p++) {
                shares[t][p] = total == 0 ? 0 : (double) counts[t][p] / total;
            }
        }
        HeatMapChart countChart = heatMap("Confusion matrix (counts)", counts, "#");
        HeatMapChart shareChart = heatMap("Confusion matrix (row-normalised)", toPercent(shares), "#");
        return Png.sideBySide(countChart, shareChart);
    }

    private static int[][] toPercent(double[][] shares) {
        int[][] out = new int[shares.length][shares.length];
        for (int t = 0; t < shares.length; t++) {
            for (int p = 0; p < shares.length; p++) {
                out[t][p] = (int) Math.round(100 * shares[t][p]);
            }
        }
        return out;
    }

    private static HeatMapChart heatMap(String title, int[][] values, String pattern) {
        HeatMapChart chart = new HeatMapChartBuilder().width(760).height(680).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLocale(java.util.Locale.ROOT);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setHeatMapValueDecimalPattern(pattern);
        chart.getStyler().setRangeColors(BLUES);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setLegendVisible(false);
        List<String> names = FashionClass.displayNames();
        List<String> rowsTopDown = new ArrayList<>(names);
        java.util.Collections.reverse(rowsTopDown);
        List<Number[]> cells = new ArrayList<>();
        int k = values.length;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // Row 0 (T-shirt/top) is drawn at the top, as confusion matrices usually are.
                cells.add(new Number[] {p, k - 1 - t, values[t][p]});
            }
        }
        chart.addSeries("confusion", names, rowsTopDown, cells);
        return chart;
    }

    /**
     * The reliability diagram: each confidence bin's accuracy at its mean confidence, before and
     * (with {@code after}) after temperature scaling, against the diagonal of perfect calibration.
     *
     * @param after null when no temperature was fitted
     */
    public static XYChart reliabilityDiagram(List<ReliabilityBin> before, List<ReliabilityBin> after, Double temperature) {
        XYChart chart = new XYChartBuilder().width(620).height(560).title("Reliability diagram (test set, "
                + before.size() + " confidence bins)").xAxisTitle("stated confidence (top-class probability)")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLocale(java.util.Locale.ROOT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        chart.getStyler().setChartTitlePadding(12).setChartTitleBoxVisible(false);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineStyle(SeriesLines.DASH_DASH);
        diagonal.setLineColor(Color.GRAY);
        addBins(chart, "before (T = 1)", before, new Color(200, 60, 40));
        if (after != null) {
            addBins(chart, String.format(java.util.Locale.ROOT, "after (T = %.2f)", temperature), after, new Color(33, 113, 181));
        }
        return chart;
    }

    private static void addBins(XYChart chart, String name, List<ReliabilityBin> bins, Color color) {
        List<ReliabilityBin> filled = bins.stream().filter(b -> b.images() > 0).toList();
        XYSeries s = chart.addSeries(name, filled.stream().mapToDouble(ReliabilityBin::confidence).toArray(),
                filled.stream().mapToDouble(ReliabilityBin::accuracy).toArray());
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
    }
}
