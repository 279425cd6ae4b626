package org.atelier.util;

import java.util.Map;

/**
 * Where an optional distributed backend (the Spark module) runs work, as the command line gave it.
 *
 * @param master where to run, in the backend's own terms (for Spark, a master URL)
 * @param device the --device each task selects for itself
 * @param cpusPerTask the cores each task uses (PyTorch's threads)
 * @param conf further settings, passed through (for Spark, its configuration keys)
 */
public record ClusterSettings(String master, String device, int cpusPerTask, Map<String, String> conf) {
    public ClusterSettings {
        conf = Map.copyOf(conf);
    }
}
