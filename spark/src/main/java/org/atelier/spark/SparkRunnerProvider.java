package org.atelier.spark;

import org.atelier.sweep.SweepRunner;
import org.atelier.sweep.SweepRunnerProvider;

/** `--runner spark`, found by the core through ServiceLoader. */
public final class SparkRunnerProvider implements SweepRunnerProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SweepRunner create(Settings settings) {
        return new SparkSweepRunner(settings);
    }
}
