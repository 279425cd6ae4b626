package org.atelier.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.atelier.data.FashionClass;
import org.atelier.data.FashionMnist;
import org.atelier.models.ClassScorer;
import org.atelier.util.UserException;

/**
 * An exported model run by ONNX Runtime on the CPU: class scores for batches of images laid out as
 * the export's input says ([N,1,28,28], pixel values / 255). ONNX Runtime's sessions take calls
 * from several threads; its own threads work within each call.
 */
public final class OnnxRuntimeModel implements ClassScorer, AutoCloseable {
    private static final int PIXELS = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;

    private final OrtEnvironment environment;
    private final OrtSession session;

    private OnnxRuntimeModel(OrtEnvironment environment, OrtSession session) {
        this.environment = environment;
        this.session = session;
    }

    /** The model in {@code file}, with {@code threads} threads per call. */
    public static OnnxRuntimeModel open(Path file, int threads) {
        return open(file.toString(), null, threads);
    }

    /** The model serialised in {@code model} (an ONNX file's bytes). */
    public static OnnxRuntimeModel open(byte[] model, int threads) {
        return open(null, model, threads);
    }

    private static OnnxRuntimeModel open(String file, byte[] model, int threads) {
        // errors only: ONNX Runtime's warnings (thread affinity in containers, say) are not the user's to read
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            OrtSession session = file != null ? environment.createSession(file, options) : environment.createSession(model, options);
            return new OnnxRuntimeModel(environment, session);
        } catch (OrtException e) {
            if (file == null) {
                throw new IllegalStateException("ONNX Runtime cannot load the exported model: " + e.getMessage(), e);
            }
            throw new UserException("ONNX Runtime cannot load " + file + ": " + e.getMessage());
        }
    }

    /** ONNX Runtime's version, as its library reports it. */
    public static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The model's metadata_props. */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot read the model's metadata: " + e.getMessage(), e);
        }
    }

    /** The scores of {@code count} images starting at image {@code first} of {@code pixels}, one row per image. */
    public float[][] scores(float[] pixels, int first, int count) {
        return scores(FloatBuffer.wrap(pixels, first * PIXELS, count * PIXELS), count);
    }

    /** Softmax over the scores, as Atelier's own inference gives probabilities. */
    @Override
    public float[] probabilities(FloatBuffer input, int n, int rows, int cols) {
        if (rows != FashionMnist.IMAGE_SIZE || cols != FashionMnist.IMAGE_SIZE) {
            throw new IllegalArgumentException("the model takes 28x28 images, got " + rows + "x" + cols);
        }
        float[][] scores = scores(input, n);
        float[] out = new float[n * FashionClass.COUNT];
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float z : scores[i]) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (float z : scores[i]) {
                sum += Math.exp(z - max);
            }
            for (int c = 0; c < FashionClass.COUNT; c++) {
                out[i * FashionClass.COUNT + c] = (float) (Math.exp(scores[i][c] - max) / sum);
            }
        }
        return out;
    }

    private float[][] scores(FloatBuffer pixels, int count) {
        FloatBuffer input = pixels.slice();
        long[] shape = {count, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + " images: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
