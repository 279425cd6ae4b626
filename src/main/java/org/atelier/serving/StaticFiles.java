package org.atelier.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atelier.util.Stylesheet;
import java.nio.charset.StandardCharsets;

/**
 * The web page's files, read once from the jar: a fixed list, so no request can name anything else
 * (no file system is looked at, and no path is resolved).
 */
final class StaticFiles {
    record File(String contentType, byte[] bytes) {}

    static final String ROOT = "/org/atelier/serving/web/";
    static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8", "runs.html",
            "text/html; charset=utf-8", "app.js", "text/javascript; charset=utf-8", "runs.js", "text/javascript; charset=utf-8",
            "token.js", "text/javascript; charset=utf-8");
    /** The pages' stylesheet: Atelier's one, which its reports inline. */
    static final String STYLESHEET = "style.css";

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
        files.put(STYLESHEET, new File("text/css; charset=utf-8", Stylesheet.text().getBytes(StandardCharsets.UTF_8)));
        return new StaticFiles(files);
    }

    /** The file of that name ("" or index.html for the page), or null. */
    File find(String name) {
        return files.get(name.isEmpty() ? "index.html" : name);
    }
}
