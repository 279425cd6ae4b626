package org.atelier.util;

import java.nio.file.Path;

/** Paths in commands that Atelier prints for the user to copy into a shell. */
public final class ShellWords {
    private ShellWords() {}

    /**
     * {@code path} as one shell word: as it is when it holds only characters no shell treats specially,
     * else in single quotes (a single quote inside written as '\'' ), so a run folder named "my run" or
     * "a;b" is pasted back as the folder and not as two words or a second command.
     */
    public static String quote(Path path) {
        String s = path.toString();
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
