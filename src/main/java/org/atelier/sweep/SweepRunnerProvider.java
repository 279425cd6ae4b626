package org.atelier.sweep;

import java.util.Map;
import java.util.ServiceLoader;
import org.atelier.util.UserException;

/**
 * A runner from an optional module, found through {@link ServiceLoader}: the Spark runner lives in
 * Atelier's Spark module, on the class path only when a user asks for it.
 */
public interface SweepRunnerProvider {
    /** What --runner calls it. */
    String name();

    SweepRunner create(Settings settings);

    /**
     * @param master where to run, in the runner's own terms (for Spark, a master URL)
     * @param device the --device each task selects for itself
     * @param cpusPerTask the cores each training uses (PyTorch's threads)
     * @param conf further settings, passed through (for Spark, its configuration keys)
     */
    record Settings(String master, String device, int cpusPerTask, Map<String, String> conf) {
        public Settings {
            conf = Map.copyOf(conf);
        }
    }

    /** The provider called {@code name}, or a user error saying how to get it. */
    static SweepRunnerProvider named(String name) {
        return ServiceLoader.load(SweepRunnerProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserException("--runner " + name + " needs Atelier's " + name + " module on the class "
                        + "path; ./atelier builds and loads it when --runner " + name + " is given"));
    }
}
