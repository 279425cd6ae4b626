package org.atelier.serving;

/** A request that gets a JSON error with this status instead of an answer. */
final class HttpError extends RuntimeException {
    final int status;
    /** Seconds to tell the client to wait (Retry-After), or 0. */
    final int retryAfter;

    HttpError(int status, String message) {
        this(status, message, 0);
    }

    HttpError(int status, String message, int retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}
