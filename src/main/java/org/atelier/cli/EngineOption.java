package org.atelier.cli;

import ai.djl.Device;
import org.atelier.inference.InferenceEngine;
import org.atelier.inference.ModelLoader;
import org.atelier.models.Devices;
import org.atelier.util.UserException;
import picocli.CommandLine.Option;

/** --engine: which runtime predicts (a mixin of predict, serve and load), with the device it runs on. */
class EngineOption {
    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "onnxruntime (the run's network exported to ONNX in memory, as `atelier export` writes it, run by "
                    + "ONNX Runtime on the CPU) or pytorch (DJL's PyTorch engine, as the run was trained). Default: "
                    + "onnxruntime, 1.6 to 9 times faster than pytorch on the CPU here; pytorch on a GPU (--device gpu, or auto with one), "
                    + "with --runner spark and with --explain.")
    InferenceEngine chosen;

    /** The loader: the engine given, else ONNX Runtime on the CPU or PyTorch on a GPU that --device selects. */
    ModelLoader loader(DeviceOption device) {
        if (chosen == InferenceEngine.ONNXRUNTIME) {
            if (device.device.equals(Devices.GPU)) {
                throw new UserException("--engine onnxruntime runs on the CPU: leave out --device gpu, or use --engine pytorch");
            }
            return new ModelLoader(chosen, Device.cpu());
        }
        Device selected = device.select();
        if (chosen == null && !selected.isGpu()) {
            return new ModelLoader(InferenceEngine.DEFAULT, Device.cpu());
        }
        return ModelLoader.pytorch(selected);
    }

    /** The loader on the CPU: the engine given, else the default. */
    ModelLoader onCpu() {
        return new ModelLoader(chosen != null ? chosen : InferenceEngine.DEFAULT, Device.cpu());
    }

    /**
     * Refuses an engine given explicitly for what only PyTorch does.
     *
     * @param why "--explain needs the PyTorch engine (...)", say: the message's start
     */
    void requirePyTorch(String why) {
        if (chosen != null && chosen != InferenceEngine.PYTORCH) {
            throw new UserException(why + ": leave out --engine " + chosen);
        }
    }

    /** The PyTorch loader on the device --device selects, for what only PyTorch does (after {@link #requirePyTorch}). */
    ModelLoader pytorch(DeviceOption device) {
        return ModelLoader.pytorch(device.select());
    }
}
