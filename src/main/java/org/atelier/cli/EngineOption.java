package org.atelier.cli;

import org.atelier.inference.InferenceEngine;
import org.atelier.inference.ModelLoader;
import org.atelier.util.UserException;
import picocli.CommandLine.Option;

/** --engine: which runtime predicts (a mixin of predict, serve and load), with the device it runs on. */
class EngineOption {
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "pytorch",
            description = "pytorch (DJL's PyTorch engine, as the run was trained) or onnxruntime (the run's network exported "
                    + "to ONNX in memory, as `atelier export` writes it, run by ONNX Runtime on the CPU) (default: ${DEFAULT-VALUE}).")
    InferenceEngine engine;

    /** The loader for this engine; ONNX Runtime refuses --device gpu rather than run on the CPU unasked. */
    ModelLoader loader(DeviceOption device) {
        if (engine == InferenceEngine.ONNXRUNTIME) {
            if (device.device.equals(org.atelier.models.Devices.GPU)) {
                throw new UserException("--engine onnxruntime runs on the CPU: leave out --device gpu, or use --engine pytorch");
            }
            return new ModelLoader(engine, ai.djl.Device.cpu());
        }
        return new ModelLoader(engine, device.select());
    }

    /** The loader for this engine on the CPU. */
    ModelLoader onCpu() {
        return new ModelLoader(engine, ai.djl.Device.cpu());
    }
}
