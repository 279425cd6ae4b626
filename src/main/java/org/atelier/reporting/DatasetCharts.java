package org.atelier.reporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.data.Shuffle;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The dataset pictures of the study's section 2: random samples and the class distribution. */
public final class DatasetCharts {
    private DatasetCharts() {}

    /** Random samples of the training and test sets, each captioned with its class. */
    public static void writeSampleGrid(Path file, ImageSet train, ImageSet test, int perSet, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ImageGrid.Section> sections = List.of(
                new ImageGrid.Section("Training set: " + perSet + " random samples", samples(train, perSet, random)),
                new ImageGrid.Section("Test set: " + perSet + " random samples", samples(test, perSet, random)));
        Png.write(file, ImageGrid.render(sections, 8));
    }

    private static List<ImageGrid.Tile> samples(ImageSet set, int count, SplittableRandom random) {
        int[] order = Shuffle.permutation(set.size(), random);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int k = 0; k < Math.min(count, set.size()); k++) {
            int i = order[k];
            tiles.add(new ImageGrid.Tile(normalizedImage(set, i), set.rows(), set.cols(),
                    set.label(i) + " " + FashionClass.nameOf(set.label(i))));
        }
        return tiles;
    }

    public static float[] normalizedImage(ImageSet set, int index) {
        float[] pixels = new float[set.pixelsPerImage()];
        set.copyNormalized(index, pixels, 0);
        return pixels;
    }

    /** A bar chart of images per class in the training and validation splits. */
    public static void writeClassDistribution(Path file, int[] trainCounts, int[] validationCounts) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1000).height(520)
                .title("Class distribution: training vs validation split")
                .xAxisTitle("class").yAxisTitle("images")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLocale(java.util.Locale.ROOT);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLabelsVisible(true);
        List<String> names = FashionClass.displayNames();
        chart.addSeries("train", names, toList(trainCounts));
        chart.addSeries("validation", names, toList(validationCounts));
        Png.write(file, chart);
    }

    private static List<Integer> toList(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
