package org.atelier.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One optimisation step on one batch: copy it in, forward, loss, backward, optimizer update, then the
 * batch's loss and correct count. Every native array of the step lives in a scope closed at its
 * end, so memory stays flat over epochs. Times its three phases, which the benchmark reports.
 */
public final class TrainingStep {
    private final Block block;
    private final ParameterStore store;
    private final NDManager root;
    private final ParameterUpdater optimizer;
    private final WeightedCrossEntropy loss;
    private final boolean weighted;
    private long copyNanos;
    private long computeNanos;
    private long metricsNanos;

    /**
     * One batch's mean plain cross-entropy, its mean objective (with label smoothing and class
     * weights, what the step minimised) and its number of correct predictions.
     */
    public record Outcome(double crossEntropy, double objective, long correct, int size) {}

    public TrainingStep(Block block, NDManager root, ParameterUpdater optimizer, WeightedCrossEntropy loss, boolean weighted) {
        this.block = block;
        this.store = new ParameterStore(root, false);
        this.root = root;
        this.optimizer = optimizer;
        this.loss = loss;
        this.weighted = weighted;
    }

    /** Trains on {@code batch} and hands it back to {@code loader} as soon as it is copied. */
    public Outcome run(BatchLoader.Batch batch, BatchLoader loader, double learningRate) {
        int n = batch.size;
        int side = batch.side;
        long t0 = System.nanoTime();
        try (NDManager step = root.newSubManager()) {
            NDArray x = step.create(FloatBuffer.wrap(batch.pixels, 0, n * side * side), new Shape(n, 1, side, side));
            NDArray y = step.create(Arrays.copyOf(batch.labels, n));
            NDArray w = weighted ? step.create(Arrays.copyOf(batch.weights, n)) : null;
            loader.release(batch);
            long t1 = System.nanoTime();
            NDArray logits;
            WeightedCrossEntropy.Values values;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                values = loss.values(logits, y, w);
                collector.backward(values.objective());
            }
            optimizer.step(learningRate);
            long t2 = System.nanoTime();
            double objective = values.objective().getFloat();
            double crossEntropy = values.crossEntropy() == values.objective() ? objective : values.crossEntropy().getFloat();
            long correct = logits.argMax(1).toType(DataType.INT32, false).eq(y).countNonzero().getLong();
            long t3 = System.nanoTime();
            copyNanos += t1 - t0;
            computeNanos += t2 - t1;
            metricsNanos += t3 - t2;
            return new Outcome(crossEntropy, objective, correct, n);
        }
    }

    /** Seconds spent copying batches in, in the network (forward, backward, update), and on metrics. */
    public double[] phaseSeconds() {
        return new double[] {copyNanos / 1e9, computeNanos / 1e9, metricsNanos / 1e9};
    }

    public void resetTimers() {
        copyNanos = 0;
        computeNanos = 0;
        metricsNanos = 0;
    }
}
