package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;
import org.atelier.testing.PartialCheckpoint;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending a run's length is checked before config.json is touched. */
class RunStandingTest {
    @TempDir
    Path tmp;

    @Test
    void anExtensionPastTheLargestEpochCountIsRefusedAndNothingWritten() throws Exception {
        RunDirectory run = new RunDirectory(Files.createDirectories(tmp.resolve("run")));
        run.writeConfig(TrainConfig.defaults().toBuilder().set(TrainSettings.EPOCHS, 10).build().resolved());
        PartialCheckpoint.write(run, 3, null);
        String before = Files.readString(run.file(RunDirectory.CONFIG));

        // 10 + 2,147,483,647 overflows an int: it would have been written as -2,147,483,639 epochs
        UserException e = assertThrows(UserException.class, () -> RunStanding.of(run).extend(Integer.MAX_VALUE));

        assertEquals("--extend-epochs 2,147,483,647 would take " + run.root() + " past 2,147,483,647 epochs, the most a run "
                + "can count", e.getMessage());
        assertEquals(before, Files.readString(run.file(RunDirectory.CONFIG)), "config.json untouched");
        assertEquals(20, RunStanding.of(run).extend(10).epochs(), "an extension that fits is written");
    }
}
