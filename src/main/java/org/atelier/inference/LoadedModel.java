package org.atelier.inference;

import ai.djl.Device;
import java.nio.file.Path;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageSet;
import org.atelier.export.OnnxExporter;
import org.atelier.export.OnnxRuntimeModel;
import org.atelier.models.Classifier;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;

/** A run's network ready to predict with, on one {@link InferenceEngine}; close it when done. */
public final class LoadedModel implements AutoCloseable {
    private final InferenceEngine engine;
    private final TrainConfig config;
    private final Path parameters;
    private final Classifier classifier;
    private final AutoCloseable resources;

    private LoadedModel(InferenceEngine engine, TrainConfig config, Path parameters, Classifier classifier, AutoCloseable resources) {
        this.engine = engine;
        this.config = config;
        this.parameters = parameters;
        this.classifier = classifier;
        this.resources = resources;
    }

    /**
     * What the in-memory export is checked on before it predicts: 32 images of noise of every
     * brightness, whose scores spread over the classes as real images' do (no data needs to be read).
     */
    private static final ImageSet CHECK_IMAGES = noise(32);

    private static ImageSet noise(int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        byte[] pixels = new byte[count * FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE];
        for (int i = 0; i < pixels.length; i++) {
            int image = i / (FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE);
            pixels[i] = (byte) random.nextInt(1 + 255 * (image + 1) / count);
        }
        return new ImageSet(pixels, new byte[count], FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE);
    }

    static LoadedModel load(RunDirectory run, InferenceEngine engine, Device device) {
        if (engine == InferenceEngine.PYTORCH) {
            TrainedModel trained = TrainedModel.load(run, device);
            return new LoadedModel(engine, trained.config(), trained.parameters(), trained.classifier(), trained);
        }
        // the DJL network is needed only to export and check it: its arrays are freed before predictions start
        OnnxExporter.Checked exported;
        TrainConfig config;
        Path parameters;
        try (TrainedModel trained = TrainedModel.load(run, Device.cpu())) {
            exported = OnnxExporter.checked(run, trained, CHECK_IMAGES);
            config = trained.config();
            parameters = trained.parameters();
        }
        try {
            OnnxExporter.requirePassed(run, exported.check(), "; predict with --engine pytorch");
        } catch (RuntimeException e) {
            exported.close();
            throw e;
        }
        OnnxRuntimeModel onnx = exported.runtime();
        return new LoadedModel(engine, config, parameters, new Classifier(onnx, config.augment().fill()), onnx);
    }

    public InferenceEngine engine() {
        return engine;
    }

    /**
     * Its predictions are for one thread at a time (a server's batcher worker). On PyTorch, Grad-CAM
     * may use its block on another thread meanwhile: the maps are made in their own sub-manager and
     * only read the parameters (the gradients they leave on them are never read by inference).
     */
    public Classifier classifier() {
        return classifier;
    }

    public TrainConfig config() {
        return config;
    }

    /** The parameter file the network was loaded from. */
    public Path parameters() {
        return parameters;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
