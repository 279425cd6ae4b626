package org.atelier.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** The named building blocks every Atelier model is made of. */
public final class BuildingBlocks {
    private BuildingBlocks() {}

    /** Convolution padding: "same" keeps the spatial size, "valid" (Keras' default) shrinks it. */
    public enum Padding { SAME, VALID }

    public static Block conv(int filters, int kernel, Padding padding) {
        int pad = padding == Padding.SAME ? kernel / 2 : 0;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad))
                .build();
    }

    /** (N, C, H, W) to (N, C*H*W), before the dense layers. */
    public static Block flatten() {
        return ai.djl.nn.Blocks.batchFlattenBlock();
    }

    public static Block globalAveragePool() {
        return Pool.globalAvgPool2dBlock();
    }

    public static Block batchNorm() {
        return BatchNorm.builder().build();
    }

    public static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    public static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }

    public static Block dense(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /**
     * Conv, optional BatchNorm, ReLU, optional 2x2 max pooling, optional dropout: the unit of the
     * study's sequential CNNs.
     */
    public static SequentialBlock convBlock(int filters, Padding padding, boolean batchNorm, boolean pool,
                                            float dropout) {
        SequentialBlock block = new SequentialBlock().add(conv(filters, 3, padding));
        if (batchNorm) {
            block.add(batchNorm());
        }
        block.add(Activation.reluBlock());
        if (pool) {
            block.add(maxPool());
        }
        if (dropout > 0) {
            block.add(dropout(dropout));
        }
        return block;
    }

    /** Dense, optional BatchNorm, ReLU, optional dropout. */
    public static SequentialBlock denseBlock(int units, boolean batchNorm, float dropout) {
        SequentialBlock block = new SequentialBlock().add(dense(units));
        if (batchNorm) {
            block.add(batchNorm());
        }
        block.add(Activation.reluBlock());
        if (dropout > 0) {
            block.add(dropout(dropout));
        }
        return block;
    }

    /** Two 3x3 convolutions with BatchNorm, plus the skip connection (projected when channels change). */
    public static ResidualBlock residualBlock(int inChannels, int outChannels) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(outChannels, 3, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(outChannels, 3, Padding.SAME)).add(batchNorm());
        return new ResidualBlock("residual", main, projection(inChannels, outChannels));
    }

    /**
     * 1x1 reduce, 3x3, 1x1 expand, each with BatchNorm: the same depth as a residual block at a
     * fraction of the cost, since the 3x3 convolution works on {@code outChannels / reduction} channels.
     */
    public static ResidualBlock bottleneckBlock(int inChannels, int outChannels, int reduction) {
        int inner = Math.max(8, outChannels / reduction);
        SequentialBlock main = new SequentialBlock()
                .add(conv(inner, 1, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(inner, 3, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(outChannels, 1, Padding.SAME)).add(batchNorm());
        return new ResidualBlock("bottleneck", main, projection(inChannels, outChannels));
    }

    private static Block projection(int inChannels, int outChannels) {
        if (inChannels == outChannels) {
            return null;
        }
        return new SequentialBlock().add(conv(outChannels, 1, Padding.SAME)).add(batchNorm());
    }
}
