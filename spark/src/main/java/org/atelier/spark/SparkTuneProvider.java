package org.atelier.spark;

import java.io.PrintWriter;
import org.atelier.tune.SegmentTrainer;
import org.atelier.tune.SegmentTrainerProvider;
import org.atelier.tune.TuneFolder;
import org.atelier.util.ClusterSettings;

/** `tune --runner spark`, found by the core through ServiceLoader. */
public final class SparkTuneProvider implements SegmentTrainerProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SegmentTrainer create(TuneFolder folder, ClusterSettings settings, PrintWriter log) {
        return new SparkSegmentTrainer(folder, settings, log);
    }
}
