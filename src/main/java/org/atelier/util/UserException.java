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

    /**
     * What went wrong, in words, for an exception from reading or writing a file: Java leaves the
     * message of some (EOFException) null, and names others only by the path.
     */
    public static String reason(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "the file ends early: truncated or not in the expected format";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
