package org.atelier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which probabilities predict and serve give out, from what evaluation.json records. */
class OutputCalibrationTest {
    @TempDir
    Path tmp;

    private static EvaluationRecord evaluated(Double temperature) {
        return new EvaluationRecord(0.8, "none", 0.8, 100, 1000, null, null, temperature, temperature == null ? null : 50,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aRecordedTemperatureIsAppliedAndNamed() {
        RunDirectory run = new RunDirectory(tmp);
        run.writeEvaluation(evaluated(2.0));
        OutputCalibration c = OutputCalibration.of(run, true);
        assertTrue(c.calibrated());
        assertEquals("probabilities calibrated with temperature 2.000, fitted on the run's validation split", c.describe());
        float[] q = c.apply(new float[][] {{0.5f, 0.25f, 0.25f}})[0];
        assertEquals(Math.sqrt(0.5) / (Math.sqrt(0.5) + 1), q[0], 1e-7);
        assertSame(OutputCalibration.OFF, OutputCalibration.of(run, false), "--no-calibrated");
    }

    @Test
    void withoutATemperatureTheNetworksOwnAreGivenAndWhy() {
        RunDirectory run = new RunDirectory(tmp);
        OutputCalibration notEvaluated = OutputCalibration.of(run, true);
        assertFalse(notEvaluated.calibrated());
        assertTrue(notEvaluated.describe().endsWith("not calibrated: the run has not been evaluated (`atelier evaluate` fits a temperature)"),
                notEvaluated.describe());
        run.writeEvaluation(evaluated(null));
        OutputCalibration none = OutputCalibration.of(run, true);
        assertFalse(none.calibrated());
        assertTrue(none.describe().contains("its evaluation fitted no temperature (the run has no validation split"), none.describe());
        float[][] p = {{0.5f, 0.25f, 0.25f}};
        assertSame(p, none.apply(p), "the network's own, untouched");
    }

    /** A temperature evaluate could not have fitted (a damaged file) is one clear error, not a trace; --no-calibrated still runs. */
    @Test
    void aTemperatureOutsideTheFittedRangeIsRefused() {
        RunDirectory run = new RunDirectory(tmp);
        for (double bad : new double[] {-1, 0, 1e-30, 0.049, 20.5, Double.POSITIVE_INFINITY}) {
            run.writeEvaluation(evaluated(bad));
            org.atelier.util.UserException e = org.junit.jupiter.api.Assertions.assertThrows(org.atelier.util.UserException.class,
                    () -> OutputCalibration.of(run, true), String.valueOf(bad));
            assertEquals(run.file(RunDirectory.EVALUATION) + ": temperature " + bad + " is outside what evaluate fits (0.05 to 20.0); "
                    + "evaluate the run again, or give --no-calibrated", e.getMessage());
            assertSame(OutputCalibration.OFF, OutputCalibration.of(run, false));
        }
        run.writeEvaluation(evaluated(0.05));
        assertTrue(OutputCalibration.of(run, true).calibrated(), "the range's own edges are fits");
    }
}
