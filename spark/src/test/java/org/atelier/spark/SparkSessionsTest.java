package org.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.atelier.util.ClusterSettings;

class SparkSessionsTest {
    private static int cpus(String master, int asked) {
        return SparkSessions.taskCpus(new ClusterSettings(master, "cpu", asked, Map.of()));
    }

    /** One JVM trains one model at a time, so in local mode a task takes all of the driver's cores. */
    @Test
    void inLocalModeATaskTakesEveryCoreOfTheDriver() {
        assertEquals(1, cpus("local", 1));
        assertEquals(3, cpus("local[3]", 1));
        assertEquals(2, cpus("local[2,4]", 1), "with a retry count");
        assertEquals(Runtime.getRuntime().availableProcessors(), cpus("local[*]", 1));
    }

    @Test
    void onAClusterATaskTakesWhatWasAsked() {
        assertEquals(1, cpus("spark://127.0.0.1:7077", 1));
        assertEquals(4, cpus("spark://127.0.0.1:7077", 4));
        assertEquals(2, cpus("yarn", 2));
    }
}
