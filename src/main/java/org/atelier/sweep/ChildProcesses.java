package org.atelier.sweep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.atelier.workflow.StopOnShutdown;

/**
 * Java processes this one starts to train with their share of the cores, as a parallel sweep or
 * tuning search does: each gets this JVM's options and class path, PyTorch's intra-op threads and
 * OMP_NUM_THREADS set to its share, and its output in a log file. While any runs, a shutdown hook
 * stops them with this process (Ctrl-C, SIGTERM) and waits for them to save, rather than leave them
 * training with their runs locked.
 */
public final class ChildProcesses implements AutoCloseable {
    /** The system property through which DJL's PyTorch engine takes its intra-op thread count. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final Thread stopChildren = new Thread(this::stopAll, "atelier-stop-children");

    public ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(stopChildren);
    }

    /** The threads each of {@code parallel} processes gets on {@code cores} cores: at least one. */
    public static int threadsEach(int cores, int parallel) {
        return Math.max(1, cores / parallel);
    }

    /**
     * Runs {@code mainClass} with {@code arguments} in a child JVM of {@code threads} threads, its output
     * appended to {@code logFile}, and waits for it; returns its exit code.
     */
    public int run(String mainClass, List<String> arguments, int threads, Path logFile) throws IOException, InterruptedException {
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
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process p = builder.start();
        children.add(p);
        p.getOutputStream().close();
        try {
            return p.waitFor();
        } finally {
            p.destroy();
            children.remove(p);
        }
    }

    /** Whether an exit code is that of a process a signal stopped (it saved, and goes on when run again). */
    public static boolean stoppedBySignal(int exitCode) {
        return exitCode == 130 || exitCode == 143;
    }

    /**
     * Asks each child to stop (SIGTERM: it saves after its batch under way and says so in its log),
     * waits as long as a child waits for its batch, then ends any that still run.
     */
    private void stopAll() {
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + StopOnShutdown.WAIT.plusSeconds(10).toNanos();
        for (Process p : children) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Stops any child still running (an error ended the parent's work early), waiting for each to save, then drops the hook. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopChildren);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is stopping the children
        }
        stopAll();
    }
}
