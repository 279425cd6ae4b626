package org.atelier.inference;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.atelier.evaluation.Calibration;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * Whether the probabilities predict and serve give out are calibrated, and with which temperature:
 * the one `evaluate` fitted on the run's validation split, when asked for and recorded. T divides the
 * logits of one view; with test-time views it applies to their averaged probabilities.
 *
 * @param temperature the T applied; empty for the network's own probabilities
 * @param whyNot      why there is none, as the end of a sentence; null when calibrated
 */
public record OutputCalibration(OptionalDouble temperature, String whyNot) {
    /** The network's own probabilities, asked for with --no-calibrated. */
    public static final OutputCalibration OFF = new OutputCalibration(OptionalDouble.empty(), "--no-calibrated was given");

    /** @param wanted --calibrated: the run's fitted temperature when it has one */
    public static OutputCalibration of(RunDirectory run, boolean wanted) {
        if (!wanted) {
            return OFF;
        }
        Optional<EvaluationRecord> evaluation = run.evaluation();
        if (evaluation.isEmpty()) {
            return new OutputCalibration(OptionalDouble.empty(), "the run has not been evaluated (`atelier evaluate` fits a temperature)");
        }
        OptionalDouble t = evaluation.get().calibrationTemperature();
        if (t.isEmpty()) {
            return new OutputCalibration(OptionalDouble.empty(), "its evaluation fitted no temperature (the run has no validation "
                    + "split, or was evaluated before temperatures were fitted)");
        }
        double value = t.getAsDouble();
        if (!(value >= Calibration.MIN_TEMPERATURE && value <= Calibration.MAX_TEMPERATURE)) {
            throw new UserException(run.file(RunDirectory.EVALUATION) + ": temperature " + value + " is outside what evaluate fits ("
                    + Calibration.MIN_TEMPERATURE + " to " + Calibration.MAX_TEMPERATURE + "); evaluate the run again, or give --no-calibrated");
        }
        return new OutputCalibration(t, null);
    }

    public boolean calibrated() {
        return temperature.isPresent();
    }

    /** The probabilities to give out: {@code probabilities} themselves when not calibrated. */
    public float[][] apply(float[][] probabilities) {
        return calibrated() ? Calibration.withTemperature(probabilities, temperature.getAsDouble()) : probabilities;
    }

    /**
     * One sentence for the user: "probabilities calibrated with temperature 1.205, fitted on the run's
     * validation split", or "the network's own probabilities, not calibrated: WHY".
     */
    public String describe() {
        return calibrated()
                ? String.format(Locale.ROOT, "probabilities calibrated with temperature %.3f, fitted on the run's validation split",
                        temperature.getAsDouble())
                : "the network's own probabilities, not calibrated: " + whyNot;
    }
}
