package org.atelier.training;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request from another thread (the JVM's shutdown after Ctrl-C or SIGTERM) that a training run
 * save where it stands and stop after the batch under way, and the run's answer. Until the run
 * answers, the requester may wait for it, bounded, since a JVM that is shutting down cannot be
 * stopped a second time by Ctrl-C.
 */
public final class StopRequest {
    private volatile boolean requested;
    private volatile boolean training;
    private volatile String lastSave;
    private final CountDownLatch answered = new CountDownLatch(1);

    /** Asks the run to stop without waiting: what a test or an embedding program calls. */
    public void request() {
        requested = true;
    }

    /**
     * Asks the run to stop and waits, at most {@code timeout}, until it has saved and stopped.
     * Returns at once when the run is not training (before its first batch, or finished).
     *
     * @return how far the run's saved state goes (e.g. "batch 120 of 375 of epoch 6 (of 50)"), or
     *     null when nothing has been saved yet
     */
    public String stopAndWait(Duration timeout) throws InterruptedException {
        request();
        if (training) {
            answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return lastSave;
    }

    boolean requested() {
        return requested;
    }

    /** The run has begun its batches: a request is now waited for. */
    void started() {
        training = true;
    }

    String lastSave() {
        return lastSave;
    }

    /** The run has saved its state this far. */
    void saved(String description) {
        lastSave = description;
    }

    /** The run has stopped training, at the request or otherwise (finished, failed): no more waiting. */
    void ended() {
        training = false;
        answered.countDown();
    }
}
