package org.atelier.inference;

import ai.djl.Device;
import java.nio.file.Path;
import org.atelier.config.TrainConfig;
import org.atelier.export.OnnxExport;
import org.atelier.export.OnnxRuntimeModel;
import org.atelier.models.Classifier;
import org.atelier.models.Devices;
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

    static LoadedModel load(RunDirectory run, InferenceEngine engine, Device device) {
        if (engine == InferenceEngine.PYTORCH) {
            TrainedModel trained = TrainedModel.load(run, device);
            return new LoadedModel(engine, trained.config(), trained.parameters(), trained.classifier(), trained);
        }
        byte[] model;
        TrainConfig config;
        Path parameters;
        // the DJL network is needed only to export it: its arrays are freed before serving starts
        try (TrainedModel trained = TrainedModel.load(run, Device.cpu())) {
            model = OnnxExport.of(run, trained.classifier().block()).toByteArray();
            config = trained.config();
            parameters = trained.parameters();
        }
        OnnxRuntimeModel onnx = OnnxRuntimeModel.open(model, Devices.threads());
        return new LoadedModel(engine, config, parameters, new Classifier(onnx, config.augment().fill()), onnx);
    }

    public InferenceEngine engine() {
        return engine;
    }

    /** Serves one thread at a time (the PyTorch engine's arrays live in one manager). */
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
