package org.atelier.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainingState;
import org.atelier.util.Json;

/**
 * The beginning of a checkpoint.bin, the trainer's state, without the arrays that follow it: all
 * that a status reads of a run's checkpoint.
 */
public final class PartialCheckpoint {
    private PartialCheckpoint() {}

    /** A save of {@code run} after {@code epochsDone} epochs and {@code part} of the next (null: at the epoch's end). */
    public static void write(RunDirectory run, int epochsDone, TrainingState.EpochSoFar part) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(run.file(RunDirectory.CHECKPOINT)))) {
            out.writeUTF("atelier-checkpoint-1");
            byte[] json = Json.MAPPER.writeValueAsBytes(new TrainingState(epochsDone, List.of(), null, 0.9, 1, 0, part));
            out.writeInt(json.length);
            out.write(json);
        }
    }
}
