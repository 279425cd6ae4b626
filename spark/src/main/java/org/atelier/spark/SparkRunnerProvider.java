package org.atelier.spark;

import org.atelier.sweep.SweepRunner;
import org.atelier.sweep.SweepRunnerProvider;
import org.atelier.util.ClusterSettings;

/** `--runner spark`, found by the core through ServiceLoader. */
public final class SparkRunnerProvider implements SweepRunnerProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SweepRunner create(ClusterSettings settings) {
        return new SparkSweepRunner(settings);
    }
}
