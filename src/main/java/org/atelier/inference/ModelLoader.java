package org.atelier.inference;

import ai.djl.Device;
import org.atelier.run.RunDirectory;

/** How predict and serve load a run: on which engine, and for PyTorch on which device. */
public record ModelLoader(InferenceEngine engine, Device device) {
    public static ModelLoader pytorch(Device device) {
        return new ModelLoader(InferenceEngine.PYTORCH, device);
    }

    public LoadedModel load(RunDirectory run) {
        return LoadedModel.load(run, engine, device);
    }
}
