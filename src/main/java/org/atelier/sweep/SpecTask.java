package org.atelier.sweep;

import java.util.Locale;
import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Evaluation;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunStanding;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;

/**
 * Trains and evaluates one spec, whatever runs it (this process, a child process, a Spark task):
 * in the folder's {@code .partial/ID}, resuming from its last checkpoint when an earlier attempt
 * was stopped, then moved under its own name in one rename once evaluated. Idempotent: a finished
 * spec is left alone, and an attempt that finds the spec finished by another discards its own copy.
 */
public final class SpecTask {
    public enum Outcome { DONE_ALREADY, FINISHED }

    private SpecTask() {}

    /** @param step how the log names this spec, e.g. "[2/9] cnn4b" */
    public static Outcome run(SweepFolder folder, RunSpec spec, PreparedData data, ProgressListener listener, Device device,
                              PrintWriter log, String step) {
        if (folder.isFinished(spec.id())) {
            say(log, "%s: done already", step);
            return Outcome.DONE_ALREADY;
        }
        RunDirectory partial = folder.partial(spec.id());
        adoptUnfinished(folder.finished(spec.id()), partial, log);
        requireNotInUse(spec, partial);
        if (!partial.has(RunDirectory.METRICS)) {
            boolean resume = partial.has(RunDirectory.CONFIG);
            say(log, "%s: %s%s", step, spec.description(), resume ? " (resuming " + RunStanding.of(partial).resumePoint() + ")" : "");
            createParents(partial.root());
            RunSteps.train(resume ? partial.config() : spec.config(), data, partial, resume, listener, device,
                    "the same command again");
        }
        Evaluation.Result evaluation = RunSteps.evaluate(partial, data.test(), data.validation(), Evaluation.matchingTta(partial), device);
        say(log, "%s: test accuracy %.4f", step, evaluation.metrics().accuracy());
        if (moveIntoPlace(partial.root(), folder.finished(spec.id()).root())) {
            say(log, "%s: finished, moved into place", step);
            return Outcome.FINISHED;
        }
        say(log, "%s: another attempt finished it first; this copy is discarded", step);
        return Outcome.DONE_ALREADY;
    }

    /**
     * Refuses, before announcing anything, a spec that another process (a second copy of the same
     * study, say) trains or evaluates now; taking the run's lock would refuse it too, but in words
     * meant for {@code train}.
     */
    private static void requireNotInUse(RunSpec spec, RunDirectory partial) {
        partial.heldBy().ifPresent(holder -> {
            throw new UserException(spec.id() + " is being trained or evaluated in " + partial.root() + " by " + holder
                    + "; wait for it to finish, or give this one another --out");
        });
    }

    /**
     * Folders written before runs trained in .partial/ trained in place; an unfinished one there is
     * moved to .partial/ and goes on from its checkpoint.
     */
    private static void adoptUnfinished(RunDirectory inPlace, RunDirectory partial, PrintWriter log) {
        if (!Files.isDirectory(inPlace.root())) {
            return;
        }
        if (Files.exists(partial.root())) {
            throw new UserException(inPlace.root() + " and " + partial.root() + " both hold this run unfinished; keep the one "
                    + "to go on with and remove the other");
        }
        createParents(partial.root());
        rename(inPlace.root(), partial.root());
        log.printf(Locale.ROOT, "moved the unfinished %s to %s, where it goes on%n", inPlace.root(), partial.root());
    }

    /** Moves a finished run under its name; false when another attempt got there first (this copy is then removed). */
    static boolean moveIntoPlace(Path partial, Path target) {
        if (Files.exists(target)) {
            if (new RunDirectory(target).has(RunDirectory.EVALUATION)) {
                deleteTree(partial);
                return false;
            }
            throw new UserException(target + " exists but is not a finished run; remove it to let " + partial + " take its place");
        }
        rename(partial, target);
        return true;
    }

    private static void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UserException("cannot move " + from + " to " + to + " in one step (" + e.getMessage()
                    + "); the run folder and its .partial/ must be on one file system");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void createParents(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.getParent() + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void say(PrintWriter log, String format, Object... args) {
        synchronized (log) {
            log.printf(Locale.ROOT, format + "%n", args);
            log.flush();
        }
    }
}
