package org.atelier.sweep;

import java.io.PrintWriter;
import java.util.List;

/** Runs the unfinished specs of a sweep or study, each through {@link SpecTask}, wherever it puts them. */
public interface SweepRunner {
    /** @return the ids of the specs that failed (a failure of the runner itself is an exception) */
    List<String> run(SweepFolder folder, List<RunSpec> specs, PrintWriter log);
}
