package org.atelier.reporting;

import org.atelier.run.RunDirectory;

/** The test-set part of a run's report; filled in once `atelier evaluate` has run. */
final class EvaluationSection {
    private EvaluationSection() {}

    static String html(RunDirectory run) {
        return "";
    }
}
