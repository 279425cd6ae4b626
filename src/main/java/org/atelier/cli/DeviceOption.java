package org.atelier.cli;

import ai.djl.Device;
import org.atelier.models.Devices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --device, shared by the commands that run a network. */
class DeviceOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "KIND", defaultValue = "auto",
            description = "cpu, gpu, or auto: the GPU when PyTorch sees one (default: ${DEFAULT-VALUE}). "
                    + "A GPU that is not there falls back to the CPU, saying so.")
    String device;

    Device select() {
        return Devices.select(device, message -> {
            spec.commandLine().getErr().println("atelier: " + message);
            spec.commandLine().getErr().flush();
        });
    }
}
