package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.atelier.util.Choice;

/** How the learning rate moves during a run. */
public enum Schedule implements Choice {
    /** ReduceLROnPlateau, decided after each epoch. */
    PLATEAU("plateau"),
    /** Linear warm-up to the peak over the first 20% of the steps, then cosine decay, per step. */
    ONE_CYCLE("onecycle");

    private final String id;

    Schedule(String id) {
        this.id = id;
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

    @JsonCreator
    public static Schedule byId(String id) {
        return Choice.byId(Schedule.class, id);
    }
}
