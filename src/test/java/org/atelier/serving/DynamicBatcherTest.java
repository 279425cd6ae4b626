package org.atelier.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batcher with a forward pass that answers each image with its own first pixel, so rows can be traced. */
class DynamicBatcherTest {
    private static float[] images(float... firstPixels) {
        float[] pixels = new float[firstPixels.length * DynamicBatcher.PIXELS];
        for (int i = 0; i < firstPixels.length; i++) {
            pixels[i * DynamicBatcher.PIXELS] = firstPixels[i];
        }
        return pixels;
    }

    private static float[][] echo(float[] pixels, int count) {
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new float[] {pixels[i * DynamicBatcher.PIXELS]};
        }
        return rows;
    }

    @Test
    void requestsWaitingTogetherShareOnePassAndEachGetsItsOwnRows() throws Exception {
        List<Integer> passes = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        try (DynamicBatcher batcher = new DynamicBatcher("t", (pixels, count) -> {
            await(gate);
            return echo(pixels, count);
        }, 8, 50, 100, passes::add)) {
            CompletableFuture<float[][]> blocker = batcher.submit(images(0), 1);
            Thread.sleep(100); // the worker is in its first pass, held by the gate
            CompletableFuture<float[][]> a = batcher.submit(images(1, 2, 3), 3);
            CompletableFuture<float[][]> b = batcher.submit(images(4), 1);
            CompletableFuture<float[][]> c = batcher.submit(images(5, 6, 7, 8, 9), 5); // would make 9: waits for the next pass
            gate.countDown();

            assertArrayEquals(new float[][] {{0}}, blocker.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{1}, {2}, {3}}, a.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{4}}, b.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{5}, {6}, {7}, {8}, {9}}, c.get(5, TimeUnit.SECONDS));
            assertEquals(List.of(1, 4, 5), passes, "a and b together; c whole, in a pass of its own");
        }
    }

    /** One client at a time must not wait out the batch delay: with nobody beside it, a request goes at once. */
    @Test
    void aLoneRequestDoesNotWaitForCompany() throws Exception {
        try (DynamicBatcher batcher = new DynamicBatcher("t", DynamicBatcherTest::echo, 32, 2_000, 10, n -> { })) {
            long start = System.nanoTime();
            assertArrayEquals(new float[][] {{3}}, batcher.submit(images(3), 1).get(5, TimeUnit.SECONDS));
            double millis = (System.nanoTime() - start) / 1e6;
            assertTrue(millis < 1_000, "answered after " + millis + " ms; the delay is 2,000");
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnceWithRetryAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (DynamicBatcher batcher = new DynamicBatcher("t", (pixels, count) -> {
            await(gate);
            return echo(pixels, count);
        }, 1, 0, 1, n -> { })) {
            CompletableFuture<float[][]> running = batcher.submit(images(1), 1);
            Thread.sleep(100);
            CompletableFuture<float[][]> queued = batcher.submit(images(2), 1);
            CompletableFuture<float[][]> refused = batcher.submit(images(3), 1);

            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> refused.get(1, TimeUnit.SECONDS));
            HttpError error = (HttpError) e.getCause();
            assertEquals(503, error.status);
            assertEquals(1, error.retryAfter);
            gate.countDown();
            assertArrayEquals(new float[][] {{1}}, running.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{2}}, queued.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailedPassFailsItsRequestsAndTheBatcherGoesOn() throws Exception {
        try (DynamicBatcher batcher = new DynamicBatcher("t", (pixels, count) -> {
            if (pixels[0] < 0) {
                throw new IllegalStateException("bad pass");
            }
            return echo(pixels, count);
        }, 4, 0, 10, n -> { })) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> batcher.submit(images(-1), 1).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("bad pass"));
            assertArrayEquals(new float[][] {{7}}, batcher.submit(images(7), 1).get(5, TimeUnit.SECONDS));
        }
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
