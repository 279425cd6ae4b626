package org.atelier.sweep;

import java.util.Locale;
import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import org.atelier.training.ProgressListener;
import org.atelier.util.Plural;
import org.atelier.util.UserException;

/**
 * Runs specs on this machine: one after another in this process, or N at a time, each in its own
 * JVM with its share of the cores (PyTorch's threads and OMP_NUM_THREADS set to cores / N),
 * logging to {@code ID.log} in the folder. Stopped (Ctrl-C, SIGTERM), this process stops its
 * children too and waits for them to save, rather than leave them training with their runs locked.
 */
public final class LocalRunner implements SweepRunner {
    /** How a child process runs one spec: a main class and the arguments that name the spec. */
    public record ChildCommand(String mainClass, Function<RunSpec, List<String>> arguments) {}

    private final int parallel;
    private final Device device;
    private final Function<RunSpec, ProgressListener> listeners;
    private final Function<DataConfig, PreparedData> data;
    private final ChildCommand child;

    /**
     * @param data the images of a spec's data configuration (in this process only)
     * @param child how to start a process for one spec; needed only when {@code parallel > 1}
     */
    public LocalRunner(int parallel, Device device, Function<RunSpec, ProgressListener> listeners,
                       Function<DataConfig, PreparedData> data, ChildCommand child) {
        if (parallel < 1) {
            throw new UserException("--parallel must be at least 1, got " + parallel);
        }
        this.parallel = parallel;
        this.device = device;
        this.listeners = listeners;
        this.data = data;
        this.child = child;
    }

    /** Reads each data configuration once: specs of one sweep mostly share theirs. */
    public static Function<DataConfig, PreparedData> cachedData() {
        Map<DataConfig, PreparedData> loaded = new HashMap<>();
        return config -> loaded.computeIfAbsent(config, c -> PreparedData.load(c, DataLocator.standard()));
    }


    @Override
    public List<String> run(SweepFolder folder, List<RunSpec> specs, PrintWriter log) {
        return parallel == 1 ? runHere(folder, specs, log) : runInProcesses(folder, specs, log);
    }

    private List<String> runHere(SweepFolder folder, List<RunSpec> specs, PrintWriter log) {
        int step = 0;
        for (RunSpec spec : specs) {
            step++;
            String name = String.format(Locale.ROOT, "[%d/%d] %s", step, specs.size(), spec.id());
            PreparedData images = folder.isFinished(spec.id()) ? null : data.apply(spec.config().data());
            SpecTask.run(folder, spec, images, listeners.apply(spec), device, log, name);
        }
        return List.of();
    }

    private List<String> runInProcesses(SweepFolder folder, List<RunSpec> specs, PrintWriter log) {
        List<RunSpec> pending = specs.stream().filter(s -> !folder.isFinished(s.id())).toList();
        int threads = ChildProcesses.threadsEach(Runtime.getRuntime().availableProcessors(), parallel);
        log.printf(Locale.ROOT, "%s in %s at a time, %s each; logs in %s%n", Plural.of(pending.size(), "run"),
                Plural.of(parallel, "process", "processes"), Plural.of(threads, "thread"), folder.dir());
        log.flush();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (ChildProcesses children = new ChildProcesses()) {
            List<Future<String>> outcomes = new ArrayList<>();
            for (RunSpec spec : pending) {
                outcomes.add(pool.submit(() -> runProcess(folder.dir(), spec, threads, log, children)));
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
            throw new UserException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one spec's process; returns its id if it failed, else null. */
    private String runProcess(Path dir, RunSpec spec, int threads, PrintWriter log, ChildProcesses children)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path logFile = dir.resolve(spec.id() + ".log");
        Files.deleteIfExists(logFile);
        synchronized (log) {
            log.printf(Locale.ROOT, "%s: started (%s)%n", spec.id(), logFile);
            log.flush();
        }
        int code = children.run(child.mainClass(), child.arguments().apply(spec), threads, logFile);
        synchronized (log) {
            log.printf(Locale.ROOT, "%s: %s%n", spec.id(), code == 0 ? "finished"
                    : (ChildProcesses.stoppedBySignal(code) ? "stopped by a signal" : "failed with exit code " + code) + ", see " + logFile);
            log.flush();
        }
        return code == 0 ? null : spec.id();
    }
}
