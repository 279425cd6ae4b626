package org.atelier.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;

/**
 * The named building blocks every Atelier model is made of, in one of two styles: Keras' defaults
 * (BatchNorm epsilon 1e-3 and momentum 0.99, glorot_uniform kernels, zero biases), which the
 * study's models use to match the reference, or DJL's own (epsilon 1e-5, momentum 0.9, DJL's
 * default kernel initialiser), which Atelier's CPU models were tuned with.
 */
public final class BuildingBlocks {
    /** The reference study's framework: what its models were trained with. */
    public static final BuildingBlocks KERAS = new BuildingBlocks(1e-3f, 0.99f, new GlorotUniform());
    public static final BuildingBlocks DJL = new BuildingBlocks(1e-5f, 0.9f, null);

    private final float batchNormEpsilon;
    private final float batchNormMomentum;
    private final Initializer kernelInitializer;

    /**
     * @param batchNormMomentum the share of the running statistics kept at each step, as Keras
     *     and DJL both define it
     * @param kernelInitializer for convolution and dense kernels, or null for DJL's default
     */
    private BuildingBlocks(float batchNormEpsilon, float batchNormMomentum, Initializer kernelInitializer) {
        this.batchNormEpsilon = batchNormEpsilon;
        this.batchNormMomentum = batchNormMomentum;
        this.kernelInitializer = kernelInitializer;
    }

    public float batchNormEpsilon() {
        return batchNormEpsilon;
    }

    public float batchNormMomentum() {
        return batchNormMomentum;
    }

    /** This style with another BatchNorm momentum: short runs need the running statistics to follow faster. */
    public BuildingBlocks withBatchNormMomentum(float momentum) {
        return new BuildingBlocks(batchNormEpsilon, momentum, kernelInitializer);
    }

    /** Gives every convolution and dense kernel of {@code network} this style's initialiser; returns it. */
    public Block initialisedKernels(Block network) {
        if (kernelInitializer != null) {
            network.setInitializer(kernelInitializer, Parameter.Type.WEIGHT);
        }
        return network;
    }

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

    public Block batchNorm() {
        return BatchNorm.builder().optEpsilon(batchNormEpsilon).optMomentum(batchNormMomentum).build();
    }

    /** Max pooling's window and stride: 2x2, halving each side (7 to 3: the last row and column are dropped). */
    public static final int POOL_SIZE = 2;

    public static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(POOL_SIZE, POOL_SIZE), new Shape(POOL_SIZE, POOL_SIZE));
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
    public SequentialBlock convBlock(int filters, Padding padding, boolean batchNorm, boolean pool,
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

    /** Two 3x3 "same" conv blocks with BatchNorm, then optional 2x2 max pooling and dropout: the reference CNN4b's unit. */
    public SequentialBlock doubleConvBlock(int filters, boolean pool, float dropout) {
        return new SequentialBlock()
                .add(convBlock(filters, Padding.SAME, true, false, 0))
                .add(convBlock(filters, Padding.SAME, true, pool, dropout));
    }

    /** Dense, optional BatchNorm, ReLU, optional dropout. */
    public SequentialBlock denseBlock(int units, boolean batchNorm, float dropout) {
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
    public ResidualBlock residualBlock(int inChannels, int outChannels) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(outChannels, 3, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(outChannels, 3, Padding.SAME)).add(batchNorm());
        return new ResidualBlock("residual", main, projection(inChannels, outChannels));
    }

    /**
     * 1x1 reduce, 3x3, 1x1 expand, each with BatchNorm: the same depth as a residual block at a
     * fraction of the cost, since the 3x3 convolution works on {@code outChannels / reduction} channels.
     */
    public ResidualBlock bottleneckBlock(int inChannels, int outChannels, int reduction) {
        int inner = Math.max(8, outChannels / reduction);
        SequentialBlock main = new SequentialBlock()
                .add(conv(inner, 1, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(inner, 3, Padding.SAME)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(outChannels, 1, Padding.SAME)).add(batchNorm());
        return new ResidualBlock("bottleneck", main, projection(inChannels, outChannels));
    }

    private Block projection(int inChannels, int outChannels) {
        if (inChannels == outChannels) {
            return null;
        }
        return new SequentialBlock().add(conv(outChannels, 1, Padding.SAME)).add(batchNorm());
    }
}
