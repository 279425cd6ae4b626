package org.atelier.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.atelier.data.DataFormatException;
import org.atelier.data.IdxReader;
import org.atelier.data.ImageSet;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * Predicts the classes of image files, folders of images and IDX image files with a trained run.
 * Inputs that cannot be read are reported and skipped; the rest are still predicted.
 */
public final class PredictionJob {
    /**
     * @param warnings    inputs that were predicted but look wrong (blank after preprocessing)
     * @param calibration how the predictions' probabilities were calibrated
     */
    public record Result(List<Prediction> predictions, List<String> skipped, List<String> warnings, OutputCalibration calibration,
                         String explanationLayer) {}

    private final ImagePreprocessor preprocessor;
    private final TestTimeAugmentation tta;
    private final ModelLoader loader;
    private final Path explainDir;

    /** @param tta the views of each image whose predictions are averaged */
    public PredictionJob(ImagePreprocessor preprocessor, TestTimeAugmentation tta, ModelLoader loader) {
        this(preprocessor, tta, loader, null);
    }

    private PredictionJob(ImagePreprocessor preprocessor, TestTimeAugmentation tta, ModelLoader loader, Path explainDir) {
        this.preprocessor = preprocessor;
        this.tta = tta;
        this.loader = loader;
        this.explainDir = explainDir;
    }

    /**
     * This job, also writing a Grad-CAM picture of each predicted image into {@code dir} (see
     * {@link Explanations}); the PyTorch engine only (the maps need gradients through the DJL network).
     */
    public PredictionJob explainingInto(Path dir) {
        return new PredictionJob(preprocessor, tta, loader, dir);
    }

    public Result run(RunDirectory run, List<Path> inputs) {
        List<String> ids = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<Path> files = expand(inputs, skipped, warnings);
        for (Path input : files) {
            try {
                if (isIdx(input)) {
                    addIdx(input, ids, images);
                    while (sources.size() < ids.size()) {
                        sources.add(null);
                    }
                } else {
                    float[] pixels = preprocessor.load(input);
                    if (ImagePreprocessor.isBlank(pixels)) {
                        warnings.add(input + ": " + ImagePreprocessor.BLANK_WARNING);
                    }
                    ids.add(input.getFileName().toString());
                    sources.add(input);
                    images.add(pixels);
                }
            } catch (UserException e) {
                skipped.add(e.getMessage());
            }
        }
        disambiguate(ids, sources);
        OutputCalibration calibration = loader.calibration(run);
        List<Prediction> predictions = new ArrayList<>();
        String explanationLayer = null;
        if (!images.isEmpty()) {
            int perImage = ImagePreprocessor.SIZE * ImagePreprocessor.SIZE;
            float[] pixels = new float[images.size() * perImage];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(images.get(i), 0, pixels, i * perImage, perImage);
            }
            try (LoadedModel model = loader.load(run)) {
                // T was fitted on single views: with test-time views it applies to their averaged probabilities
                float[][] p = calibration.apply(model.classifier().probabilities(pixels, images.size(), ImagePreprocessor.SIZE,
                        ImagePreprocessor.SIZE, tta));
                for (int i = 0; i < p.length; i++) {
                    predictions.add(new Prediction(ids.get(i), p[i]));
                }
                if (explainDir != null) {
                    explanationLayer = Explanations.write(explainDir, model.classifier().block(), pixels, predictions, files);
                }
            }
        }
        return new Result(predictions, skipped, warnings, calibration, explanationLayer);
    }

    /**
     * Gives image files that share a name (a/ok.png and b/ok.png, from two inputs) their path as
     * given instead, so that every row of the CSV names one input.
     */
    static void disambiguate(List<String> ids, List<Path> sources) {
        java.util.Map<String, Long> counts = ids.stream()
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()));
        for (int i = 0; i < ids.size(); i++) {
            Path source = sources.get(i);
            if (source != null && counts.get(ids.get(i)) > 1) {
                ids.set(i, source.toString());
            }
        }
    }

    /** Files as given, and the image files directly in folders, sorted by name (see {@link InputFolders}). */
    private static List<Path> expand(List<Path> inputs, List<String> skipped, List<String> warnings) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> entries;
                try (Stream<Path> listing = Files.list(input)) {
                    entries = listing.sorted().toList();
                } catch (IOException e) {
                    skipped.add(input + ": cannot list folder (" + UserException.reason(e) + ")");
                    continue;
                }
                long subfolders = entries.stream().filter(Files::isDirectory).count();
                List<Path> images = entries.stream().filter(Files::isRegularFile).filter(PredictionJob::looksLikeImageOrIdx).toList();
                if (images.isEmpty()) {
                    skipped.add(InputFolders.noImages(input.toString(), subfolders));
                } else if (subfolders > 0) {
                    warnings.add(InputFolders.subfoldersIgnored(input.toString(), subfolders));
                }
                files.addAll(images);
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else if (Files.exists(input)) {
                skipped.add(input + ": not a regular file (a device, pipe or socket)");
            } else {
                skipped.add(input + ": no such file or folder");
            }
        }
        return files;
    }

    private static boolean looksLikeImageOrIdx(Path p) {
        return InputFolders.isImageName(p.getFileName().toString()) || isIdx(p);
    }

    private static boolean isIdx(Path file) {
        return file.getFileName().toString().contains("idx3-ubyte");
    }

    private static void addIdx(Path file, List<String> ids, List<float[]> images) {
        ImageSet set = IdxReader.readUnlabelledImages(file);
        if (set.rows() != ImagePreprocessor.SIZE || set.cols() != ImagePreprocessor.SIZE) {
            throw new DataFormatException(file, "wrong shape: images are " + set.rows() + "x" + set.cols() + ", expected 28x28");
        }
        String base = stripExtension(file.getFileName().toString().replace(".gz", ""));
        for (int i = 0; i < set.size(); i++) {
            float[] pixels = new float[set.pixelsPerImage()];
            set.copyNormalized(i, pixels, 0);
            ids.add(String.format(Locale.ROOT, "%s-%05d", base, i));
            images.add(pixels);
        }
    }

    static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
