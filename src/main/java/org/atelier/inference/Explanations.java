package org.atelier.inference;

import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.atelier.explain.GradCam;
import org.atelier.explain.HeatmapOverlay;
import org.atelier.reporting.Png;

/**
 * predict's --explain: for each predicted image a PNG named after its id, the Grad-CAM map of
 * the predicted class over the image (as preprocessed, the plain view), with the class and its
 * probability below.
 */
final class Explanations {
    /** Images whose maps are computed at a time: a chunk's native arrays are freed before the next. */
    private static final int CHUNK = 256;

    private Explanations() {}

    /**
     * @param pixels the images of {@code predictions}, 784 values each, in the same order
     * @return what the maps were made from ({@link GradCam.Target#describe()})
     */
    static String write(Path dir, Block network, float[] pixels, List<Prediction> predictions) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Set<String> names = new HashSet<>();
        for (int start = 0; start < predictions.size(); start += CHUNK) {
            int n = Math.min(CHUNK, predictions.size() - start);
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                classes[i] = predictions.get(start + i).label();
            }
            float[] chunk = java.util.Arrays.copyOfRange(pixels, start * GradCam.PIXELS, (start + n) * GradCam.PIXELS);
            float[][] maps = GradCam.maps(network, chunk, n, classes);
            for (int i = 0; i < n; i++) {
                Prediction p = predictions.get(start + i);
                float[] image = java.util.Arrays.copyOfRange(chunk, i * GradCam.PIXELS, (i + 1) * GradCam.PIXELS);
                Png.write(dir.resolve(uniqueName(p.id(), names)),
                        HeatmapOverlay.render(image, maps[i], p.className(), p.probability()));
            }
        }
        return GradCam.target(network).describe();
    }

    /** The id's file name, with "-2", "-3"... before ".png" when two ids come to the same name. */
    static String uniqueName(String id, Set<String> taken) {
        String name = HeatmapOverlay.fileName(id);
        String stem = name.substring(0, name.length() - ".png".length());
        for (int k = 2; !taken.add(name.toLowerCase(Locale.ROOT)); k++) {
            name = stem + "-" + k + ".png";
        }
        return name;
    }
}
