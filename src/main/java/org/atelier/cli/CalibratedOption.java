package org.atelier.cli;

import picocli.CommandLine.Option;

/** --[no-]calibrated: whether predict and serve give calibrated probabilities (a mixin of both). */
class CalibratedOption {
    @Option(names = "--calibrated", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Calibrated probabilities: the network's divided by the temperature `atelier evaluate` fitted on the "
                    + "run's validation split (with predict's --tta, applied to the views' average); the network's own for a "
                    + "run without one, or with --no-calibrated. The class is the same either way; predict says which on "
                    + "standard error, serve in its start line for each model (default: on).")
    boolean calibrated;
}
