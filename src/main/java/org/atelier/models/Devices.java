package org.atelier.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.function.Consumer;
import org.atelier.util.UserException;

/** Chooses where the networks run: cpu, gpu, or auto (the GPU when PyTorch sees one). */
public final class Devices {
    public static final String CPU = "cpu";
    public static final String GPU = "gpu";
    public static final String AUTO = "auto";

    private Devices() {}

    /** What --device takes. */
    public static final java.util.List<String> KINDS = java.util.List.of(CPU, GPU, AUTO);

    /** Why {@code option} is no --device, or null when it is one: checked as the command line is read, before any data. */
    public static String problem(String option) {
        return KINDS.contains(option) ? null : "expected one of " + KINDS + ", got '" + option + "'";
    }

    /**
     * @param warn told why a requested GPU is not used
     */
    public static Device select(String option, Consumer<String> warn) {
        return switch (option) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount() > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpuCount() > 0) {
                    yield Device.gpu();
                }
                warn.accept("--device gpu: PyTorch sees no GPU (this build bundles the CPU-only PyTorch library, "
                        + "pytorch-native-cpu, and a GPU needs the CUDA one and a driver); running on the CPU");
                yield Device.cpu();
            }
            default -> throw new UserException("--device must be cpu, gpu or auto, got " + option);
        };
    }

    /** The intra-op threads PyTorch computes with (what makes results bit-reproducible, with the seed). */
    public static int threads() {
        Engine.getInstance();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    static int gpuCount() {
        try {
            return Engine.getInstance().getGpuCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
