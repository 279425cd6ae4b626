package org.atelier.inference;

import org.atelier.util.Choice;

/**
 * Which runtime computes a run's predictions: PyTorch through DJL, as the run was trained, or ONNX
 * Runtime on the run's network exported in memory (as `atelier export` writes it). Both give the
 * same classes but for ties (scores within a few parts in a million).
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

}
