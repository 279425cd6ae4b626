package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --calibrated of predict and serve: on unless --no-calibrated is given. */
class CalibratedOptionTest {
    @Test
    void theOptionIsOnByDefaultAndNegatable() {
        for (List<String> given : List.of(List.<String>of(), List.of("--calibrated"), List.of("--no-calibrated"))) {
            boolean expected = !given.contains("--no-calibrated");
            PredictCommand predict = new PredictCommand();
            new CommandLine(predict).parseArgs(Stream.concat(Stream.of("run", "input.png"), given.stream())
                    .toArray(String[]::new));
            assertEquals(expected, predict.calibration.calibrated, "predict " + given);
            ServeCommand serve = new ServeCommand();
            new CommandLine(serve).parseArgs(Stream.concat(Stream.of("run"), given.stream()).toArray(String[]::new));
            assertEquals(expected, serve.calibration.calibrated, "serve " + given);
        }
    }
}
