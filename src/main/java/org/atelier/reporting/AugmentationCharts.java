package org.atelier.reporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atelier.augmentation.AugmentationPreview;
import org.atelier.data.FashionClass;

/**
 * A grid of training images, each followed by the versions training uses: as the batch loader
 * augments them in the first epochs (alternating flips show as every other version mirrored), or
 * its offline copies.
 */
public final class AugmentationCharts {
    private AugmentationCharts() {}

    public static void write(Path file, AugmentationPreview preview) {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int columns = 1;
        for (AugmentationPreview.Example e : preview.examples()) {
            int side = e.side();
            tiles.add(new ImageGrid.Tile(e.original(), side, side, "original", FashionClass.nameOf(e.label()),
                    java.awt.Color.BLACK));
            for (int v = 0; v < e.versions().size(); v++) {
                tiles.add(new ImageGrid.Tile(e.versions().get(v), side, side, preview.versionLabel() + " " + (v + 1)));
            }
            columns = Math.max(columns, 1 + e.versions().size());
        }
        String title = "Augmentation: " + preview.config().describe();
        Png.write(file, ImageGrid.render(List.of(new ImageGrid.Section(title, tiles)), columns));
    }
}
