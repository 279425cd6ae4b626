package org.atelier.tune;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a tuning folder's event log: a trial {@code started}, was {@code promoted} to a rung,
 * {@code recorded} its metric at a rung, or {@code failed} there (its message kept). The search's
 * state is rebuilt from these alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuneEvent(String event, int trial, Integer rung, Double metric, String message) {
    public static final String STARTED = "started";
    public static final String PROMOTED = "promoted";
    public static final String RECORDED = "recorded";
    public static final String FAILED = "failed";

    static TuneEvent started(int trial) {
        return new TuneEvent(STARTED, trial, null, null, null);
    }

    static TuneEvent promoted(int trial, int rung) {
        return new TuneEvent(PROMOTED, trial, rung, null, null);
    }

    static TuneEvent recorded(int trial, int rung, double metric) {
        return new TuneEvent(RECORDED, trial, rung, metric, null);
    }

    static TuneEvent failed(int trial, int rung, String message) {
        return new TuneEvent(FAILED, trial, rung, null, message);
    }
}
