package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.atelier.evaluation.Calibration;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.ReliabilityBin;
import org.junit.jupiter.api.Test;

/** evaluate's calibration line, with and without a temperature and test-time views. */
class CalibrationLineTest {
    /** 15 bins, one of 100 images at confidence 0.9 and accuracy 0.8: ECE 0.1. */
    private static List<ReliabilityBin> bins(double accuracy) {
        List<ReliabilityBin> bins = new java.util.ArrayList<>(Collections.nCopies(14, new ReliabilityBin(0, 0, 0, null, null)));
        bins.add(new ReliabilityBin(14 / 15.0, 1, 100, 0.9, accuracy));
        return bins;
    }

    @Test
    void theLineGivesTheFiguresBeforeAndAfterAndTheAveragedViewsWhenThereAreAny() {
        Calibration.Summary fitted = new Calibration.Summary(1.5, 12_000, 0.3, 0.25, bins(0.8), bins(0.85), 0.07, 0.03);
        assertEquals("calibration: temperature 1.500 fitted on 12,000 validation images; test ECE 10.00% -> 5.00% "
                + "(15 equal-width confidence bins), NLL 0.3000 -> 0.2500; averaged 'flip' views ECE 7.00% -> 3.00%",
                EvaluateCommand.calibrationLine(fitted, TestTimeAugmentation.FLIP));
        Calibration.Summary none = new Calibration.Summary(null, null, 0.3, null, bins(0.8), null, 0.07, null);
        assertEquals("calibration: no temperature, as the run has no validation split to fit one on (--validation-fraction 0); "
                + "test ECE 10.00% (15 equal-width confidence bins), NLL 0.3000; averaged 'flip' views ECE 7.00%",
                EvaluateCommand.calibrationLine(none, TestTimeAugmentation.FLIP));
        assertEquals("calibration: temperature 1.500 fitted on 12,000 validation images; test ECE 10.00% -> 5.00% "
                + "(15 equal-width confidence bins), NLL 0.3000 -> 0.2500",
                EvaluateCommand.calibrationLine(new Calibration.Summary(1.5, 12_000, 0.3, 0.25, bins(0.8), bins(0.85)),
                        TestTimeAugmentation.NONE));
    }
}
