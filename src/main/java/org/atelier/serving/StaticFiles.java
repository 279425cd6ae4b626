package org.atelier.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web page's files, read once from the jar: a fixed list, so no request can name anything else
 * (no file system is looked at, and no path is resolved).
 */
final class StaticFiles {
    record File(String contentType, byte[] bytes) {}

    static final String ROOT = "/org/atelier/serving/web/";
    static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8", "runs.html",
            "text/html; charset=utf-8", "app.js", "text/javascript; charset=utf-8", "runs.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = files;
    }

    static StaticFiles fromJar() {
        Map<String, File> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> type : TYPES.entrySet()) {
            try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + type.getKey())) {
                if (in != null) {
                    files.put(type.getKey(), new File(type.getValue(), in.readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new StaticFiles(files);
    }

    /** The file a path's segments name ("" or index.html for the page), or null. */
    File find(String[] segments) {
        if (segments.length != 1) {
            return null;
        }
        return files.get(segments[0].isEmpty() ? "index.html" : segments[0]);
    }
}
