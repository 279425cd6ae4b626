package org.atelier.cli;

import ai.djl.Device;
import org.atelier.models.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --device, shared by the commands that run a network. */
class DeviceOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Refuses a kind that is none as the command line is read: `--device tpu` was found out after the data had loaded. */
    static final class Kind implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String text) {
            String problem = Devices.problem(text);
            if (problem != null) {
                throw new CommandLine.TypeConversionException(problem);
            }
            return text;
        }
    }

    @Option(names = "--device", paramLabel = "KIND", defaultValue = "auto", converter = Kind.class,
            description = "cpu, gpu, or auto: the GPU when PyTorch sees one (default: ${DEFAULT-VALUE}). "
                    + "A GPU that is not there falls back to the CPU, saying so.")
    String device;

    Device select() {
        return Devices.select(device, message -> AtelierCli.say(spec.commandLine().getErr(), message));
    }
}
