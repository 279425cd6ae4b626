package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderWithoutRecipesIsOneClearError() throws Exception {
        DataCommandTest.Result none = DataCommandTest.run("recipes", tmp.toString());
        assertEquals(1, none.exitCode());
        assertEquals("atelier: " + tmp + ": no recipe folder with an evaluated run (a run directory whose metrics.json has "
                + "test_accuracy)", none.err().strip());
        DataCommandTest.Result missing = DataCommandTest.run("recipes", tmp.resolve("nope").toString());
        assertEquals("atelier: " + tmp.resolve("nope") + ": no such folder", missing.err().strip());
    }
}
