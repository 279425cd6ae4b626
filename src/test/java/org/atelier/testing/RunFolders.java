package org.atelier.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;

/** Run folders holding only small files, as published runs do, for tests of what reads them. */
public final class RunFolders {
    private RunFolders() {}

    /** A run folder at {@code dir} with {@code config} and the epochs of {@code history} recorded. */
    public static RunDirectory withHistory(Path dir, TrainConfig config, List<EpochRecord> history) throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Files.createDirectories(dir);
        run.writeConfig(config);
        run.writeHistory(history);
        return run;
    }
}
