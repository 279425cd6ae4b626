package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.atelier.util.Choice;

/** The update rule a run trains with. */
public enum OptimizerKind implements Choice {
    /** Keras' Adam. */
    ADAM("adam"),
    /** SGD with Nesterov momentum 0.9, in PyTorch's form. */
    SGD("sgd");

    private final String id;

    OptimizerKind(String id) {
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
    public static OptimizerKind byId(String id) {
        return Choice.byId(OptimizerKind.class, id);
    }
}
