package org.atelier.util;

/**
 * A problem the user can fix (bad input, missing data, wrong option). The CLI prints its message as
 * one line and exits non-zero, without a stack trace.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
