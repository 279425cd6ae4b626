package org.atelier.inference;

import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.atelier.explain.GradCam;
import org.atelier.explain.HeatmapOverlay;
import org.atelier.reporting.Png;
import org.atelier.util.UserException;

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
     * @param inputs the files predicted from, which a picture must never replace
     * @return what the maps were made from ({@link GradCam.Target#describe()})
     */
    static String write(Path dir, Block network, float[] pixels, List<Prediction> predictions, List<Path> inputs) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<Path> targets = targets(dir, predictions, inputs);
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
                Png.write(targets.get(start + i), HeatmapOverlay.render(image, maps[i], p.className(), p.probability()));
            }
        }
        return GradCam.target(network).describe();
    }

    /**
     * Each prediction's picture file, checked before any is written: none may be a folder, nor an
     * input file (--explain given the folder of the images predicted would replace them).
     */
    private static List<Path> targets(Path dir, List<Prediction> predictions, List<Path> inputs) {
        Set<Path> inputFiles = new HashSet<>();
        for (Path input : inputs) {
            try {
                inputFiles.add(input.toRealPath());
            } catch (IOException e) {
                // an input that cannot be resolved was skipped; a picture cannot replace it
            }
        }
        Set<String> names = new HashSet<>();
        List<Path> targets = new ArrayList<>();
        for (Prediction p : predictions) {
            Path target = dir.resolve(uniqueName(p.id(), names));
            if (Files.isDirectory(target)) {
                throw new UserException("--explain: " + target + " is a folder, so the picture of " + p.id() + " cannot be written there");
            }
            try {
                if (Files.exists(target) && inputFiles.contains(target.toRealPath())) {
                    throw new UserException("--explain: " + target + " is one of the images predicted, which its picture would "
                            + "replace; give --explain another folder");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
            }
            targets.add(target);
        }
        return targets;
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
