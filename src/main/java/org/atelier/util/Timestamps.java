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

    /** A folder's name without the stamp that starts it: "baseline" for 2026-11-24T23-50-01-baseline; other names as they are. */
    public static String withoutStamp(String folderName) {
        int stamp = "2026-11-24T23-50-01".length();
        if (folderName.length() <= stamp + 1 || folderName.charAt(stamp) != '-') {
            return folderName;
        }
        try {
            FOLDER.parse(folderName.substring(0, stamp));
            return folderName.substring(stamp + 1);
        } catch (java.time.format.DateTimeParseException e) {
            return folderName;
        }
    }
}
