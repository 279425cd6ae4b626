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

    /**
     * What predict, serve and load use on the CPU unless told: ONNX Runtime, faster than PyTorch in
     * every measurement here (BENCHMARKS.md, "Inference engines"): 9 times at batch 1 and 4 at
     * batch 64 for the baseline, 6 and 1.7 times for fastnet, and more requests/s through serve.
     */
    public static final InferenceEngine DEFAULT = ONNXRUNTIME;

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
