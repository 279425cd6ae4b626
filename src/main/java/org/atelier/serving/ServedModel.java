package org.atelier.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ai.djl.nn.Block;
import org.atelier.explain.GradCam;
import org.atelier.inference.InferenceEngine;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.inference.LoadedModel;
import org.atelier.inference.ModelLoader;
import org.atelier.inference.OutputCalibration;

/**
 * One trained run served under a name: its network, loaded once, and the batcher that feeds it.
 * Its version is the first 12 hex digits of SHA-256 over the parameters served, so a version
 * names exactly one set of weights.
 */
final class ServedModel implements AutoCloseable {
    /** How long a request waits for its forward pass, or for its turn to be explained, before it is answered 503. */
    static final long ANSWER_TIMEOUT_SECONDS = 60;
    /**
     * The most images one request may have explained: a map costs a forward and a backward pass and
     * explanations take turns across the server, so one request must not hold the others for long.
     */
    static final int MAX_EXPLAINED_IMAGES = 64;
    /** Explanations take turns (DJL allows one gradient collector at a time), first come, first served. */
    private static final Semaphore EXPLANATION_TURN = new Semaphore(1, true);

    final String name;
    final String version;
    final RunDirectory run;
    /** Applied to every probability the model answers with. */
    final OutputCalibration calibration;
    private final LoadedModel model;
    private final DynamicBatcher batcher;
    /** On ONNX Runtime, the run's DJL network for explanations: loaded on the first one, closed with the model. */
    private TrainedModel explainer;
    private boolean closed;
    /** Explanations under way on request threads: close waits for them before the networks go. */
    private int explaining;

    ServedModel(String name, RunDirectory run, ModelLoader loader, ServeConfig config, ServerMetrics metrics) {
        this.name = name;
        this.run = run;
        this.model = loader.load(run);
        try {
            this.version = digest(model.parameters());
            this.calibration = loader.calibration(run);
            // Only the batcher's one worker thread calls the classifier.
            this.batcher = new DynamicBatcher(name,
                    (pixels, count) -> calibration.apply(model.classifier().probabilities(pixels, count, 28, 28)),
                    config.maxBatchSize(), config.maxBatchDelayMillis(), config.queueCapacity(), images -> metrics.batch(name, images));
        } catch (RuntimeException e) {
            model.close(); // a run whose evaluation.json cannot be read, say: its native model must not leak
            throw e;
        }
    }

    /** Refuses, with a 400, a request that asks for more maps than {@link #MAX_EXPLAINED_IMAGES}. */
    static void requireExplainable(int count) {
        if (count > MAX_EXPLAINED_IMAGES) {
            throw new HttpError(400, "explain=true takes at most " + MAX_EXPLAINED_IMAGES + " images per request, got " + count
                    + "; send them in smaller requests");
        }
    }

    CompletableFuture<float[][]> predict(float[] pixels, int count) {
        return batcher.submit(pixels, count);
    }

    /** The probabilities of {@code count} images, waited for: an HttpError (503) when no answer comes in time. */
    float[][] answer(float[] pixels, int count) {
        try {
            return predict(pixels, count).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpError h) {
                throw h;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new HttpError(503, "no answer within " + ANSWER_TIMEOUT_SECONDS + " s", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
    }

    /**
     * The Grad-CAM map (784 values in [0,1], row by row) of {@code classes[i]} for each of {@code count}
     * images, on the request's own thread: GradCam's lock makes explanations take turns, beside the
     * batcher's forward passes. On PyTorch the served network explains; on ONNX Runtime the run's DJL
     * network, loaded once on the first explanation asked for, if its parameters are still the ones served.
     */
    float[][] explain(float[] pixels, int count, int[] classes) {
        requireExplainable(count);
        try {
            if (!EXPLANATION_TURN.tryAcquire(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new HttpError(503, "other explanations kept the server busy for " + ANSWER_TIMEOUT_SECONDS + " s", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        try {
            Block network;
            synchronized (this) {
                network = explanationNetwork();
                explaining++;
            }
            try {
                return GradCam.maps(network, pixels, count, classes);
            } finally {
                synchronized (this) {
                    explaining--;
                    notifyAll();
                }
            }
        } finally {
            EXPLANATION_TURN.release();
        }
    }

    /** Called holding this object's lock. */
    private Block explanationNetwork() {
        if (closed) {
            throw new HttpError(503, "the server is shutting down");
        }
        if (model.engine() == InferenceEngine.PYTORCH) {
            return model.classifier().block();
        }
        if (explainer == null) {
            // the run may have gone on training since the server started: explain only the weights served
            if (!digest(run.parametersForInference()).equals(version)) {
                throw new HttpError(409, "the run's parameters have changed since the server started (it serves version "
                        + version + "); restart the server to explain them");
            }
            explainer = TrainedModel.load(run);
        }
        return explainer.classifier().block();
    }

    InferenceEngine engine() {
        return model.engine();
    }

    String modelName() {
        return model.config().model();
    }

    /** How the answers' probabilities are calibrated, for the answers themselves: calibrated, and the temperature when it is. */
    ObjectNode calibrationParameters() {
        ObjectNode out = Exchanges.JSON.createObjectNode().put("calibrated", calibration.calibrated());
        calibration.temperature().ifPresent(t -> out.put("temperature", t));
        return out;
    }

    private static String digest(java.nio.file.Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the batcher, waits for explanations under way (each at most {@link #MAX_EXPLAINED_IMAGES}
     * images, so seconds), then frees the networks. Interrupted while one still runs, it leaves the
     * networks to the process's end rather than free native memory a map is being made from.
     */
    @Override
    public void close() {
        batcher.close();
        synchronized (this) {
            closed = true;
            while (explaining > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            model.close();
            if (explainer != null) {
                explainer.close();
            }
        }
    }
}
