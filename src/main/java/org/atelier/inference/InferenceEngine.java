package org.atelier.inference;

import ai.djl.Device;
import org.atelier.util.Choice;

/**
 * Which runtime computes a run's predictions: PyTorch through DJL, as the run was trained, or ONNX
 * Runtime on the run's network exported in memory (as `atelier export` writes it). Both give the
 * same classes; ONNX Runtime answers small batches faster on the CPU (BENCHMARKS.md, "Inference
 * engines").
 */
public enum InferenceEngine implements Choice {
    PYTORCH("pytorch"),
    ONNXRUNTIME("onnxruntime");

    private final String id;

    InferenceEngine(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The run's network on this engine, loaded with its best (else last) parameters; ONNX Runtime runs on the CPU. */
    public LoadedModel load(org.atelier.run.RunDirectory run, Device device) {
        return LoadedModel.load(run, this, device);
    }
}
