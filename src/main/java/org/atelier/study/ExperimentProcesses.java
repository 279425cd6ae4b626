package org.atelier.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * Runs a study's unfinished experiments N at a time, each in its own JVM with its share of the
 * cores (PyTorch's threads and OMP_NUM_THREADS set to cores / N), so that experiments on a machine
 * with more cores than one training uses can overlap. Each process trains and evaluates one
 * experiment into its run directory and logs to {@code NAME.log} beside it.
 */
public final class ExperimentProcesses {
    /** The system property through which DJL's PyTorch engine takes its intra-op thread count. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private ExperimentProcesses() {}

    /** The threads each of {@code parallel} processes gets on {@code cores} cores: at least one. */
    public static int threadsEach(int cores, int parallel) {
        return Math.max(1, cores / parallel);
    }

    /**
     * @param mainClass the CLI's main class, started in each process
     * @param arguments the CLI arguments that run one experiment in a process
     * @return the names of the experiments whose process failed
     */
    public static List<String> run(Path dir, List<Experiment> plan, int parallel, String mainClass,
                                   Function<Experiment, List<String>> arguments, PrintWriter log) {
        List<Experiment> pending = plan.stream()
                .filter(e -> !new RunDirectory(dir.resolve(e.name())).has(RunDirectory.EVALUATION)).toList();
        int threads = threadsEach(Runtime.getRuntime().availableProcessors(), parallel);
        log.printf("%d experiments in %d processes at a time, %d threads each; logs in %s%n", pending.size(), parallel,
                threads, dir);
        log.flush();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (Experiment e : pending) {
                outcomes.add(pool.submit(() -> runOne(dir, e, threads, mainClass, arguments.apply(e), log)));
            }
            List<String> failed = new ArrayList<>();
            for (Future<String> f : outcomes) {
                String failure = f.get();
                if (failure != null) {
                    failed.add(failure);
                }
            }
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("study interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one experiment's process; returns its name if it failed, else null. */
    private static String runOne(Path dir, Experiment e, int threads, String mainClass, List<String> arguments,
                                 PrintWriter log) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path logFile = dir.resolve(e.name() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String jvmArgument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!jvmArgument.startsWith("-D" + THREADS_PROPERTY + "=")) {
                command.add(jvmArgument);
            }
        }
        command.add("-D" + THREADS_PROPERTY + "=" + threads);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        synchronized (log) {
            log.printf("%s: started (%s)%n", e.name(), logFile);
            log.flush();
        }
        Process p = builder.start();
        p.getOutputStream().close();
        int code;
        try {
            code = p.waitFor();
        } finally {
            p.destroy();
        }
        synchronized (log) {
            log.printf("%s: %s%n", e.name(), code == 0 ? "finished" : "failed with exit code " + code + ", see " + logFile);
            log.flush();
        }
        return code == 0 ? null : e.name();
    }
}
