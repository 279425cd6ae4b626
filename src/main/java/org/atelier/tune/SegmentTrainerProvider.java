package org.atelier.tune;

import java.io.PrintWriter;
import org.atelier.util.ClusterSettings;
import org.atelier.util.Plugins;

/**
 * A trainer of tuning segments from an optional module, found through {@link java.util.ServiceLoader}:
 * the Spark one lives in Atelier's Spark module, on the class path only when a user asks for it.
 */
public interface SegmentTrainerProvider {
    /** What --runner calls it. */
    String name();

    /** A trainer of {@code folder}'s segments on the cluster {@code settings} names; {@code log} hears where they run. */
    SegmentTrainer create(TuneFolder folder, ClusterSettings settings, PrintWriter log);

    /** The provider called {@code name}, or a user error saying how to get it. */
    static SegmentTrainerProvider named(String name) {
        return Plugins.named(SegmentTrainerProvider.class, SegmentTrainerProvider::name, name);
    }
}
