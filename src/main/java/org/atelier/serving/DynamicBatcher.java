package org.atelier.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Gathers concurrent requests into one forward pass: a worker takes the oldest request with those
 * already waiting behind it; when there were some (others are coming), it waits up to the batch
 * delay for more until the batch is full; then it runs them together and answers each with its
 * own rows. A request that arrives alone is run at once. Behind a bounded queue: a request that finds it full is refused at once (503), so
 * a burst cannot pile up unbounded latency. A request is never split, so its rows come from one
 * pass; one larger than the batch size runs alone.
 */
final class DynamicBatcher implements AutoCloseable {
    /** Computes the class probabilities of {@code count} images of 28x28 pixels in [0, 1]. */
    interface Forward {
        float[][] probabilities(float[] pixels, int count);
    }

    private record Pending(float[] pixels, int count, CompletableFuture<float[][]> answer) {}

    static final int PIXELS = 28 * 28;

    private final Forward forward;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final BlockingQueue<Pending> queue;
    private final IntConsumer batchSizes;
    private final Thread worker;
    private volatile boolean running = true;

    /** @param batchSizes hears the image count of every forward pass (for the metrics) */
    DynamicBatcher(String name, Forward forward, int maxBatchSize, int maxDelayMillis, int queueCapacity, IntConsumer batchSizes) {
        this.forward = forward;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSizes = batchSizes;
        this.worker = new Thread(this::work, "batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues {@code count} images; the future holds their probabilities, or fails with an {@link HttpError}. */
    CompletableFuture<float[][]> submit(float[] pixels, int count) {
        CompletableFuture<float[][]> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new HttpError(503, "the server is shutting down"));
        } else if (!queue.offer(new Pending(pixels, count, answer))) {
            answer.completeExceptionally(new HttpError(503, "too many requests waiting; try again shortly", 1));
        }
        return answer;
    }

    int waiting() {
        return queue.size();
    }

    private void work() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int images = first.count();
                long deadline = System.nanoTime() + maxDelayNanos;
                while (images < maxBatchSize) {
                    Pending next = queue.peek();
                    if (next != null && images + next.count() > maxBatchSize) {
                        break; // it starts the next pass, whole
                    }
                    // Wait for more only when others are coming: a request that found nobody waiting beside it
                    // goes at once (one client at a time lost the whole delay on every request).
                    long wait = batch.size() > 1 ? deadline - System.nanoTime() : 0;
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    images += next.count();
                }
                run(batch, images);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(List<Pending> batch, int images) {
        float[] pixels = new float[images * PIXELS];
        int offset = 0;
        for (Pending p : batch) {
            System.arraycopy(p.pixels(), 0, pixels, offset * PIXELS, p.count() * PIXELS);
            offset += p.count();
        }
        try {
            float[][] all = forward.probabilities(pixels, images);
            batchSizes.accept(images);
            int row = 0;
            for (Pending p : batch) {
                float[][] mine = new float[p.count()][];
                System.arraycopy(all, row, mine, 0, p.count());
                row += p.count();
                p.answer().complete(mine);
            }
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                p.answer().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        Pending p;
        while ((p = queue.poll()) != null) {
            p.answer().completeExceptionally(new HttpError(503, "the server is shutting down"));
        }
        // the model is closed next: a forward pass under way must end first, or it runs on freed native memory
        try {
            worker.join(TimeUnit.SECONDS.toMillis(ServeConfig.SHUTDOWN_GRACE_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
