package org.atelier.spark;

import java.io.PrintWriter;
import java.util.Map;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;
import org.atelier.util.ClusterSettings;

/**
 * Starts Atelier's Spark sessions: the driver on 127.0.0.1 (unless --conf says otherwise), no web
 * UI, and executors that train as the launcher's own JVM does: the same class path (Atelier's
 * jars at the same place on every worker), the Java 17 module options Spark needs, DJL offline,
 * PyTorch and OpenMP with the task's cores, the same allocator.
 */
final class SparkSessions {
    /** Attempts per task before the job fails: an executor lost mid-run is retried and resumes from its checkpoint. */
    static final int TASK_ATTEMPTS = 4;

    private SparkSessions() {}

    /**
     * The cores each task gets. DJL's PyTorch engine trains one model at a time per JVM (one gradient
     * collector), so a JVM must never run two training tasks at once: each executor gets exactly one
     * task's cores, and in local mode, where the driver is the only executor, a task takes all of them.
     */
    static int taskCpus(ClusterSettings settings) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?")
                .matcher(settings.master());
        if (!local.matches()) {
            return settings.cpusPerTask();
        }
        String threads = local.group(1);
        return threads == null ? 1 : threads.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
    }

    static SparkSession start(String appName, ClusterSettings settings) {
        String cpus = String.valueOf(taskCpus(settings));
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(settings.master())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.task.cpus", cpus)
                .config("spark.executor.cores", cpus)
                .config("spark.task.maxFailures", String.valueOf(TASK_ATTEMPTS))
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", JavaModuleOptions.defaultModuleOptions()
                        + " -Dai.djl.offline=true -Djava.awt.headless=true -Dai.djl.pytorch.num_threads=" + cpus
                        + " -Dai.djl.pytorch.num_interop_threads=1")
                .config("spark.executorEnv.OMP_NUM_THREADS", cpus);
        for (String variable : new String[] {"LD_PRELOAD", "MALLOC_ARENA_MAX", "GOMP_SPINCOUNT", "TORCH_CPP_LOG_LEVEL"}) {
            String value = System.getenv(variable);
            if (value != null) {
                builder.config("spark.executorEnv." + variable, value);
            }
        }
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            builder.config(e.getKey(), e.getValue());
        }
        return builder.getOrCreate();
    }

    /** Where the calling task runs, for its log: "host, executor 1, attempt 0". */
    static String where() throws java.net.UnknownHostException {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        return java.net.InetAddress.getLocalHost().getHostName() + ", executor " + org.apache.spark.SparkEnv.get().executorId()
                + ", attempt " + (task == null ? 0 : task.attemptNumber());
    }

    /** The innermost cause of a failed Spark job, "IOException: ...": what went wrong on the executor. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static void say(PrintWriter log, String format, Object... args) {
        synchronized (log) {
            log.printf(format + "%n", args);
            log.flush();
        }
    }
}
