package org.atelier.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void plainPathsStayAsTheyAre() {
        assertEquals("runs/2026-12-07T15-19-27-baseline", ShellWords.quote(Path.of("runs/2026-12-07T15-19-27-baseline")));
        assertEquals("/tmp/a_b.c+d,e@f%g=h", ShellWords.quote(Path.of("/tmp/a_b.c+d,e@f%g=h")));
    }

    @Test
    void pathsAShellWouldSplitOrRunAreSingleQuoted() {
        assertEquals("'runs/my run'", ShellWords.quote(Path.of("runs/my run")));
        assertEquals("'a;rm -rf b'", ShellWords.quote(Path.of("a;rm -rf b")));
        assertEquals("'$HOME/x'", ShellWords.quote(Path.of("$HOME/x")));
        assertEquals("'it'\\''s'", ShellWords.quote(Path.of("it's")));
        assertEquals("''", ShellWords.quote(Path.of("")));
    }
}
