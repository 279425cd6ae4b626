package org.atelier.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import org.atelier.config.TrainConfig;
import org.atelier.models.Classifier;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.Networks;
import org.atelier.models.ParameterFiles;

/** A run's network rebuilt from its configuration, with its best (else last) parameters loaded. */
public final class TrainedModel implements AutoCloseable {
    private final NDManager manager;
    private final Classifier classifier;
    private final TrainConfig config;
    private final Path parameters;

    private TrainedModel(NDManager manager, Classifier classifier, TrainConfig config, Path parameters) {
        this.manager = manager;
        this.classifier = classifier;
        this.config = config;
        this.parameters = parameters;
    }

    public static TrainedModel load(RunDirectory run) {
        return load(run, Device.cpu());
    }

    public static TrainedModel load(RunDirectory run, Device device) {
        TrainConfig config = run.config();
        Path params = run.parametersForInference();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Block block = Networks.initialized(ModelArchitecture.byName(config.model()), manager);
            ParameterFiles.load(block, manager, params);
            return new TrainedModel(manager, new Classifier(block, manager, config.augment().fill()), config, params);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public Classifier classifier() {
        return classifier;
    }

    /**
     * Another classifier on the same loaded parameters, for one more thread (a classifier serves one
     * thread at a time); its arrays live in {@code scope}, a sub-manager of {@link #newScope()}.
     */
    public Classifier classifier(NDManager scope) {
        return new Classifier(classifier.block(), scope, config.augment().fill());
    }

    /** A scope for {@link #classifier(NDManager)}; close it when that thread is done. */
    public NDManager newScope() {
        return manager.newSubManager();
    }

    public TrainConfig config() {
        return config;
    }

    public Path parameters() {
        return parameters;
    }

    @Override
    public void close() {
        manager.close();
    }
}
