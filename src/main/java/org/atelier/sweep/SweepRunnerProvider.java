package org.atelier.sweep;

import java.util.ServiceLoader;
import org.atelier.util.ClusterSettings;
import org.atelier.util.Plugins;

/**
 * A runner from an optional module, found through {@link ServiceLoader}: the Spark runner lives in
 * Atelier's Spark module, on the class path only when a user asks for it.
 */
public interface SweepRunnerProvider {
    /** What --runner calls it. */
    String name();

    SweepRunner create(ClusterSettings settings);

    /** The provider called {@code name}, or a user error saying how to get it. */
    static SweepRunnerProvider named(String name) {
        return Plugins.named(SweepRunnerProvider.class, SweepRunnerProvider::name, name);
    }
}
