package org.atelier.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * relu(main(x) + shortcut(x)): the skip connection of a residual network. The shortcut is the
 * identity when it is null, else a projection (1x1 convolution and BatchNorm) that matches the
 * main path's channels.
 */
public final class ResidualBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block main;
    private final Block shortcut;
    private final String kind;

    public ResidualBlock(String kind, Block main, Block shortcut) {
        super(VERSION);
        this.kind = kind;
        this.main = addChildBlock("main", main);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    }

    /** "residual" or "bottleneck": how the model summary names it. */
    public String kind() {
        return kind;
    }

    public Block main() {
        return main;
    }

    public Block shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray path = main.forward(store, inputs, training, params).singletonOrThrow();
        NDArray skip = shortcut == null ? x : shortcut.forward(store, inputs, training, params).singletonOrThrow();
        return new NDList(path.add(skip).getNDArrayInternal().relu());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
