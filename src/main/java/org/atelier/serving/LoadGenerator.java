package org.atelier.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.atelier.util.UserException;

/**
 * Load on a prediction server from N concurrent clients, each sending its next image as soon as
 * its last is answered: requests per second and latency percentiles. Bounded in requests and in
 * time, and aimed at loopback only.
 */
public final class LoadGenerator {
    /** @param failed requests answered with anything but 200, or not at all */
    public record Result(int clients, int requests, int failed, double seconds, double p50Millis, double p99Millis) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private LoadGenerator() {}

    /**
     * @param target e.g. http://127.0.0.1:8080/predictions/NAME
     * @param bodies the images sent, in turn
     */
    public static Result run(URI target, String contentType, List<byte[]> bodies, int clients, int maxRequests, Duration maxTime) {
        if (!ServeConfig.isLoopback(target.getHost())) {
            throw new UserException("load goes to loopback servers only, not " + target.getHost());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, clients / 4))).build();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + maxTime.toNanos();
        double[] latencies = new double[maxRequests];
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < maxRequests && System.nanoTime() < deadline) {
                        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200) {
                                failed.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latencies[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("load interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = Math.min(next.get(), maxRequests);
        double[] sorted = Arrays.copyOf(latencies, done);
        Arrays.sort(sorted);
        return new Result(clients, done, failed.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
