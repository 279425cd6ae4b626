package org.atelier.serving;

import java.util.List;
import org.atelier.util.UserException;

/**
 * How `atelier serve` listens and batches.
 *
 * @param host the address to bind: loopback unless asked; any other needs a token
 * @param port 0 for any free port
 * @param maxBatchSize images per forward pass at most (1: no batching)
 * @param maxBatchDelayMillis how long a pass that already has company waits for more (0: it takes
 *                            what is waiting and goes; measured best for these small networks)
 * @param queueCapacity requests waiting per model before new ones get 503
 * @param maxBodyBytes the largest request body read
 * @param token required on every API call (Authorization: Bearer TOKEN) when not null
 */
public record ServeConfig(String host, int port, int maxBatchSize, int maxBatchDelayMillis, int queueCapacity, long maxBodyBytes,
                          String token) {
    public static final String LOOPBACK = "127.0.0.1";

    /** The most images one infer request's tensor may hold (N of its shape); the body limit bounds it too. */
    public static final int MAX_INFER_IMAGES = 100_000;

    /**
     * The most of a refused body read and dropped so that the client still gets its answer (a server
     * that closes on unread data resets the connection, and the client loses the answer); a body
     * declared larger is answered at once and its connection closed.
     */
    public static final long MAX_DRAINED_BYTES = 256L << 20;

    /**
     * Seconds a client may take to send its request, and to read its answer, before it is cut off
     * (slow clients must not hold the server's threads).
     */
    public static final int REQUEST_SECONDS = 30;
    public static final int RESPONSE_SECONDS = 60;

    /**
     * The most parts one multipart form may hold. Measured on 2 shared cores: 1,000 28x28 PNGs in one
     * form are answered in 0.4-1.4 s, 5,000 in 2.6 s; empty parts cost about 47 us each (100,000:
     * 4.7 s, and a million held the server a minute). A thousand is more than the page sends at a
     * time; more pictures go in several requests, or as one v2 infer tensor.
     */
    public static final int MAX_FORM_PARTS = 1_000;

    /**
     * How long a stop waits for the requests already accepted to be answered, in seconds. The
     * largest requests the limits allow took 0.9-1.1 s (a 14 MB infer of 5,000 images) and 0.4-1.4 s
     * (a form of 1,000 pictures) on 2 cores, but more than 5 s when the machine was shared at a load
     * of 10. The stop ends as soon as the last is answered, so a longer bound costs nothing; 10 s
     * stays inside the 30 s after which container runtimes kill a process that was sent SIGTERM.
     */
    public static final int SHUTDOWN_GRACE_SECONDS = 10;

    public static ServeConfig defaults() {
        return new ServeConfig(LOOPBACK, 8080, 32, 0, 256, 16L << 20, null);
    }

    public ServeConfig {
        if (port < 0 || port > 65535) {
            throw new UserException("--port must be 0-65535, got " + port);
        }
        if (maxBatchSize < 1 || maxBatchDelayMillis < 0 || queueCapacity < 1 || maxBodyBytes < 1) {
            throw new UserException("--max-batch-size, --queue and --max-body-mb must be at least 1, --max-batch-delay-ms at least 0");
        }
        if (!isLoopback(host) && (token == null || token.isBlank())) {
            throw new UserException("serving on " + host + " (not loopback) needs a token: --token or ATELIER_TOKEN");
        }
    }

    static boolean isLoopback(String host) {
        return List.of("127.0.0.1", "localhost", "::1", "[::1]").contains(host);
    }
}
