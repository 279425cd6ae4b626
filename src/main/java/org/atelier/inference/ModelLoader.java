package org.atelier.inference;

import ai.djl.Device;
import org.atelier.run.RunDirectory;

/**
 * How predict and serve load a run: on which engine, for PyTorch on which device, and whether the
 * probabilities given out are calibrated with the run's fitted temperature (see {@link OutputCalibration}).
 */
public record ModelLoader(InferenceEngine engine, Device device, boolean calibrated) {
    /** The network's own probabilities. */
    public ModelLoader(InferenceEngine engine, Device device) {
        this(engine, device, false);
    }

    public static ModelLoader pytorch(Device device) {
        return new ModelLoader(InferenceEngine.PYTORCH, device);
    }

    /** This loader, calibrating or not. */
    public ModelLoader calibrating(boolean on) {
        return new ModelLoader(engine, device, on);
    }

    public LoadedModel load(RunDirectory run) {
        return LoadedModel.load(run, engine, device);
    }

    /** The calibration of the run's probabilities that this loader asks for. */
    public OutputCalibration calibration(RunDirectory run) {
        return OutputCalibration.of(run, calibrated);
    }
}
