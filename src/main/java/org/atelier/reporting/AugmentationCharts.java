package org.atelier.reporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Augmenter;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;

/**
 * A grid of training images, each followed by its augmented versions in the first epochs, as the
 * trainer sees them (alternating flips show as every other version mirrored).
 */
public final class AugmentationCharts {
    private static final int IMAGES = 6;
    private static final int VERSIONS = 7;

    private AugmentationCharts() {}

    public static void writeExamples(Path file, ImageSet train, AugmentConfig config, long seed) {
        Augmenter augmenter = new Augmenter(config, seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int size = train.rows();
        for (int i = 0; i < Math.min(IMAGES, train.size()); i++) {
            float[] original = DatasetCharts.normalizedImage(train, i);
            tiles.add(new ImageGrid.Tile(original, size, size, "original", FashionClass.nameOf(train.label(i)),
                    java.awt.Color.BLACK));
            for (int v = 0; v < VERSIONS; v++) {
                float[] out = new float[original.length];
                augmenter.augment(original, 0, out, 0, size, random, i, v + 1);
                tiles.add(new ImageGrid.Tile(out, size, size, "epoch " + (v + 1)));
            }
        }
        String title = "Augmentation: " + config.describe();
        Png.write(file, ImageGrid.render(List.of(new ImageGrid.Section(title, tiles)), VERSIONS + 1));
    }
}
