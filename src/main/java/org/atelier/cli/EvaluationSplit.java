package org.atelier.cli;

import org.atelier.util.Choice;

/** Which held-out images `evaluate` measures: the test set, or the run's own validation split. */
enum EvaluationSplit implements Choice {
    TEST("test"),
    VALIDATION("validation");

    private final String id;

    EvaluationSplit(String id) { this.id = id; }

    @Override
    public String id() { return id; }

    @Override
    public String toString() { return id; }
}
