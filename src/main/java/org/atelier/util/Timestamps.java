package org.atelier.util;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The stamp that names new folders (runs, sweeps, studies) by when they were made: 2026-11-24T23-50-01, sortable and path-safe. */
public final class Timestamps {
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    private Timestamps() {}

    public static String forFolder() {
        return LocalDateTime.now().format(FOLDER);
    }
}
