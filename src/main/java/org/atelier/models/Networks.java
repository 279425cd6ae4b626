package org.atelier.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/** Builds and initialises networks for Fashion-MNIST's (N, 1, 28, 28) input. */
public final class Networks {
    public static final Shape INPUT_SHAPE = new Shape(1, 1, 28, 28);

    private Networks() {}

    /** The architecture's network with freshly initialised parameters owned by {@code manager}. */
    public static Block initialized(ModelArchitecture architecture, NDManager manager) {
        return initialized(architecture, manager, null);
    }

    /** As {@link #initialized(ModelArchitecture, NDManager)}, with BatchNorm's momentum for training (null: the model's own). */
    public static Block initialized(ModelArchitecture architecture, NDManager manager, Double batchNormMomentum) {
        Block block = architecture.build(batchNormMomentum);
        block.initialize(manager, DataType.FLOAT32, INPUT_SHAPE);
        return block;
    }

    public static ModelSummary summary(ModelArchitecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return ModelSummary.of(architecture.id(), initialized(architecture, manager), INPUT_SHAPE);
        }
    }
}
