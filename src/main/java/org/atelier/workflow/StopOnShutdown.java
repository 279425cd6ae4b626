package org.atelier.workflow;

import java.io.PrintStream;
import java.time.Duration;
import org.atelier.run.RunDirectory;
import org.atelier.training.StopRequest;

/**
 * While a run trains, Ctrl-C or SIGTERM asks it to save and stop after the batch under way, waits
 * for that (bounded: a JVM that is shutting down ignores a second Ctrl-C) and says what the run
 * keeps and how to continue.
 */
public final class StopOnShutdown implements AutoCloseable {
    /** Long enough for a batch of the heaviest model on two cores and its save; validation may take longer. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final Thread hook;

    StopOnShutdown(StopRequest stop, RunDirectory run, String continueWith, PrintStream err) {
        hook = new Thread(() -> err.println(message(stop, run, continueWith)), "atelier-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static String message(StopRequest stop, RunDirectory run, String continueWith) {
        String kept;
        try {
            kept = stop.stopAndWait(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kept = null;
        }
        return "\natelier: stopped; " + (kept == null ? run.root() + " holds no saved training yet"
                : run.root() + " keeps its training up to " + kept) + ". Continue with: " + continueWith;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it reports the stop.
        }
    }
}
