package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hand-over between a shutdown hook and a training run, without training. */
class StopRequestTest {
    @Test
    void aRunNotTrainingIsNotWaitedFor() throws Exception {
        StopRequest stop = new StopRequest();
        long start = System.nanoTime();
        assertNull(stop.stopAndWait(Duration.ofMinutes(5)), "nothing saved yet");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "returns at once");
        assertTrue(stop.requested());
    }

    @Test
    void theRequesterWaitsForTheRunsAnswerAndHearsWhatItSaved() throws Exception {
        StopRequest stop = new StopRequest();
        stop.saved("epoch 5 of 50");
        stop.started();
        Thread run = new Thread(() -> {
            while (!stop.requested()) {
                Thread.onSpinWait();
            }
            stop.saved("batch 120 of 375 of epoch 6 (of 50)");
            stop.ended();
        });
        run.start();
        assertEquals("batch 120 of 375 of epoch 6 (of 50)", stop.stopAndWait(Duration.ofMinutes(5)));
        run.join();
    }

    @Test
    void aRunThatDoesNotAnswerInTimeLeavesItsLastSave() throws Exception {
        StopRequest stop = new StopRequest();
        stop.saved("epoch 5 of 50");
        stop.started();
        long start = System.nanoTime();
        assertEquals("epoch 5 of 50", stop.stopAndWait(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 200_000_000L, "waited the time given");
    }
}
