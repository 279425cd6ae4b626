package org.atelier.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Atelier's one stylesheet, from the jar: the pages it writes inline it (a report is one file), and
 * the server serves it as style.css to its own pages.
 */
public final class Stylesheet {
    private static final String RESOURCE = "/org/atelier/style/atelier.css";
    private static final String TEXT = read();

    private Stylesheet() {}

    public static String text() {
        return TEXT;
    }

    private static String read() {
        try (InputStream in = Stylesheet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
