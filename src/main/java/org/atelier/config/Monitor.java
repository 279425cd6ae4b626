package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.atelier.util.Choice;

/** The validation figure ReduceLROnPlateau watches. */
public enum Monitor implements Choice {
    VAL_LOSS("val_loss", true),
    VAL_ACCURACY("val_accuracy", false);

    private final String id;
    private final boolean lowerIsBetter;

    Monitor(String id, boolean lowerIsBetter) {
        this.id = id;
        this.lowerIsBetter = lowerIsBetter;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    /** The id, as help texts show the default. */
    @Override
    public String toString() {
        return id;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** The monitored figure of a validation pass. */
    public double of(double validationLoss, double validationAccuracy) {
        return this == VAL_LOSS ? validationLoss : validationAccuracy;
    }

    @JsonCreator
    public static Monitor byId(String id) {
        return Choice.byId(Monitor.class, id);
    }
}
