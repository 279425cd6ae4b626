package org.atelier.benchmark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Augmenter;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.models.Classifier;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.ModelSummary;
import org.atelier.models.Networks;
import org.atelier.config.TrainConfig;
import org.atelier.training.ParameterUpdater;
import org.atelier.training.BatchLoader;
import org.atelier.training.TrainingStep;
import org.atelier.training.WeightedCrossEntropy;
import org.atelier.util.UserException;

/**
 * Measures a model's steady-state training and inference throughput on real images through the
 * same batch loader and training step the trainer uses, and where a step's time goes.
 */
public final class Benchmark {
    private static final int INFER_BATCH = 500;
    private static final int MATMUL_SIZE = 4096;

    private Benchmark() {}

    /** Timed training when no step count is given: about this long, and at least 10 steps. */
    public static final double DEFAULT_SECONDS = 20;

    /**
     * @param warmupSteps steps run before timing starts (allocator and kernel selection settle)
     * @param steps timed training steps; 0 for about {@link #DEFAULT_SECONDS} seconds of them
     */
    public static BenchResult run(ModelArchitecture model, ImageSet images, int batchSize, int warmupSteps, int steps,
                                  boolean augment, double matmulGflops, Device device) {
        return run(model, images, batchSize, warmupSteps, steps, augment, matmulGflops, device, 0);
    }

    /**
     * As {@link #run(ModelArchitecture, ImageSet, int, int, int, boolean, double, Device)}, then,
     * with {@code loadThreads} above 0, training again beside that many threads that keep a core
     * busy each: a fixed CPU load, such as other programs or a second training put on the machine.
     */
    public static BenchResult run(ModelArchitecture model, ImageSet images, int batchSize, int warmupSteps, int steps,
                                  boolean augment, double matmulGflops, Device device, int loadThreads) {
        if (steps < 0 || warmupSteps < 0 || batchSize < 1 || loadThreads < 0) {
            throw new UserException("bench needs no negative step or thread counts and a positive batch size");
        }
        Engine.getInstance().setRandomSeed(42);
        try (NDManager root = NDManager.newBaseManager(device);
             BatchLoader loader = new BatchLoader(images, batchSize, null,
                     augment ? new Augmenter(AugmentConfig.study()) : null)) {
            Block block = Networks.initialized(model, root);
            long flops = ModelSummary.of(model.id(), block, Networks.INPUT_SHAPE).flops();
            TrainingStep step = new TrainingStep(block, root, ParameterUpdater.forBlock(org.atelier.config.OptimizerKind.ADAM, block, model.defaultL2(),
                    model::decays, root),
                    new WeightedCrossEntropy(FashionClass.COUNT, 0), false);
            Timing alone = timeTraining(step, loader, warmupSteps, steps);
            double trainRate = alone.imagesPerSecond();
            double[] phases = step.phaseSeconds();
            double inferRate = inferenceRate(block, root, images, INFER_BATCH, 10 * INFER_BATCH);
            double inferRate1 = inferenceRate(block, root, images, 1, 300);
            Double loadedRate = null;
            if (loadThreads > 0) {
                try (CpuLoad load = new CpuLoad(loadThreads)) {
                    loadedRate = timeTraining(step, loader, warmupSteps, steps).imagesPerSecond();
                }
            }
            return new BenchResult(model.id(), batchSize, threads(), flops, trainRate, inferRate, inferRate1,
                    3.0 * flops * trainRate / 1e9, flops * inferRate / 1e9, matmulGflops,
                    phases[1] / alone.seconds(), alone.waitSeconds() / alone.seconds(), phases[0] / alone.seconds(),
                    phases[2] / alone.seconds(), augment, loadThreads, loadedRate);
        }
    }

    /** A timed stretch of training steps: images per second, and the seconds it took and waited for data. */
    private record Timing(double imagesPerSecond, double seconds, double waitSeconds) {}

    /** Warm-up steps, then timed ones; the step's phase timers cover the timed steps only. */
    private static Timing timeTraining(TrainingStep step, BatchLoader loader, int warmupSteps, int steps) {
        long epochSeed = 0;
        loader.startEpoch(epochSeed);
        double waitBefore = 0;
        long start = 0;
        long images0 = 0;
        long imagesDone = 0;
        for (int i = 0; i < warmupSteps || !doneTiming(i - warmupSteps, steps, start); i++) {
            if (i == warmupSteps) {
                step.resetTimers();
                waitBefore = loader.waitSeconds();
                start = System.nanoTime();
                images0 = imagesDone;
            }
            BatchLoader.Batch b = next(loader);
            if (b == null) {
                loader.startEpoch(++epochSeed);
                b = next(loader);
            }
            imagesDone += step.run(b, loader, 1e-3).size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Timing timing = new Timing((imagesDone - images0) / seconds, seconds, loader.waitSeconds() - waitBefore);
        drain(loader);
        return timing;
    }

    /** Reads the rest of the epoch, so the loader can start another. */
    private static void drain(BatchLoader loader) {
        for (BatchLoader.Batch b = next(loader); b != null; b = next(loader)) {
            loader.release(b);
        }
    }

    private static boolean doneTiming(int timedSteps, int steps, long start) {
        if (steps > 0) {
            return timedSteps >= steps;
        }
        return timedSteps >= 10 && (System.nanoTime() - start) / 1e9 >= DEFAULT_SECONDS;
    }

    private static BatchLoader.Batch next(BatchLoader loader) {
        try {
            return loader.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("benchmark interrupted");
        }
    }

    /** Images per second in inference mode at the given batch size, after one untimed batch. */
    static double inferenceRate(Block block, NDManager manager, ImageSet images, int batch, int count) {
        Classifier classifier = new Classifier(block, manager);
        int perImage = images.pixelsPerImage();
        float[] pixels = new float[batch * perImage];
        for (int i = 0; i < batch; i++) {
            images.copyNormalized(i % images.size(), pixels, i * perImage);
        }
        classifier.probabilities(pixels, batch, images.rows(), images.cols());
        int rounds = Math.max(1, count / batch);
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            classifier.probabilities(pixels, batch, images.rows(), images.cols());
        }
        return (double) rounds * batch / ((System.nanoTime() - t0) / 1e9);
    }

    /** The machine's fp32 matrix-product throughput through the same engine: the ceiling for convolutions. */
    public static double matmulGflops(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomUniform(-1, 1, new Shape(MATMUL_SIZE, MATMUL_SIZE));
            NDArray b = m.randomUniform(-1, 1, new Shape(MATMUL_SIZE, MATMUL_SIZE));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * MATMUL_SIZE * MATMUL_SIZE * (double) MATMUL_SIZE / best / 1e9;
        }
    }

    static int threads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }
}
