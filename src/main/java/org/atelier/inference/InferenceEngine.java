package org.atelier.inference;

import org.atelier.util.Choice;

/**
 * Which runtime computes a run's predictions: PyTorch through DJL, as the run was trained, or ONNX
 * Runtime on the run's network exported in memory (as `atelier export` writes it). Both give the
 * same classes but for ties (scores within a few parts in a million).
 */
public enum InferenceEngine implements Choice {
    PYTORCH("pytorch", "djl_pytorch"),
    ONNXRUNTIME("onnxruntime", "onnxruntime_onnx");

    private final String id;
    private final String platform;

    InferenceEngine(String id, String platform) {
        this.id = id;
        this.platform = platform;
    }

    /** The model metadata's "platform" (Open Inference Protocol v2), in Triton's words where it has some. */
    public String platform() {
        return platform;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

}
