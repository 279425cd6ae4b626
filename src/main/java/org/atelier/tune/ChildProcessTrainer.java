package org.atelier.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.atelier.sweep.ChildProcesses;
import org.atelier.training.TrainingStopped;
import org.atelier.util.UserException;

/**
 * Trains a search's segments in {@code parallel} child processes at once, each with its share of the
 * cores, each trial's output appended to {@code trials/trial-007.log}. A child stopped by a signal
 * (Ctrl-C reaches them all) stops the search; a child whose training diverged fails its trial, with
 * the message its run recorded; any other failure stops the search, to go on when run again.
 */
public final class ChildProcessTrainer implements SegmentTrainer {
    /** The exit code of a child whose trial's training diverged: the trial failed, the search goes on. */
    public static final int DIVERGED = 3;

    private final TuneFolder folder;
    private final int parallel;
    private final String mainClass;
    private final BiFunction<Integer, Integer, List<String>> arguments;
    private final int threads;
    private final ChildProcesses children = new ChildProcesses();

    /** @param arguments the child's arguments that train a trial (first) to an epoch (second) */
    public ChildProcessTrainer(TuneFolder folder, int parallel, String mainClass, BiFunction<Integer, Integer, List<String>> arguments) {
        this.folder = folder;
        this.parallel = parallel;
        this.mainClass = mainClass;
        this.arguments = arguments;
        this.threads = ChildProcesses.threadsEach(Runtime.getRuntime().availableProcessors(), parallel);
    }

    public int threads() {
        return threads;
    }

    @Override
    public int slots() {
        return parallel;
    }

    /** Where trial {@code trial}'s processes write. */
    public Path log(int trial) {
        return folder.dir().resolve(TuneFolder.TRIALS).resolve(TuneFolder.trialName(trial) + ".log");
    }

    @Override
    public String train(int trial, int epochs) throws InterruptedException {
        Path log = log(trial);
        int code;
        try {
            Files.createDirectories(log.getParent());
            code = children.run(mainClass, arguments.apply(trial, epochs), threads, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a process for trial " + trial + ": " + e.getMessage(), e);
        }
        if (code == 0) {
            return null;
        }
        if (ChildProcesses.stoppedBySignal(code)) {
            throw new TrainingStopped("trial " + trial + " was stopped (it saved); run the same tune command again to go on");
        }
        if (code == DIVERGED) {
            return folder.trial(trial).failure().orElse("training diverged; see " + log);
        }
        // not the trial's doing (a busy run, a full disk, memory): the search stops, and goes on when run again
        throw new UserException("trial " + trial + "'s process ended with exit code " + code + "; see " + log
                + "; run the same tune command again to go on");
    }

    @Override
    public void close() {
        children.close();
    }
}
