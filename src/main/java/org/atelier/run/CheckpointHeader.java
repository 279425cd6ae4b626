package org.atelier.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * The head of a run's checkpoint.bin: a magic string, then the trainer's state as JSON. The arrays
 * that follow (parameters, optimizer moments, weight average) are the trainer's to write and read;
 * where a run stands is read from the head alone, without loading any of them.
 */
public final class CheckpointHeader {
    private static final String MAGIC = "atelier-checkpoint-1";

    private CheckpointHeader() {}

    public static void write(DataOutputStream out, TrainingState state) throws IOException {
        out.writeUTF(MAGIC);
        byte[] json = Json.MAPPER.writeValueAsBytes(state);
        out.writeInt(json.length);
        out.write(json);
    }

    /** Reads the head from {@code in}, leaving it at the first array. */
    public static TrainingState read(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not an Atelier checkpoint");
        }
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), TrainingState.class);
    }

    /** Opens the run's checkpoint; refused by name when the run has none. */
    public static DataInputStream open(RunDirectory run) throws IOException {
        if (!run.has(RunDirectory.CHECKPOINT)) {
            throw new UserException(run.root() + ": nothing to resume (no " + RunDirectory.CHECKPOINT + ")");
        }
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file(RunDirectory.CHECKPOINT)), 1 << 16));
    }

    /** The trainer's state of the run's last save. */
    public static TrainingState read(RunDirectory run) {
        try (DataInputStream in = open(run)) {
            return read(in);
        } catch (IOException | RuntimeException e) {
            throw unreadable(run, e);
        }
    }

    /** A checkpoint that cannot be read, in one line naming it; a refusal already in words passes as it is. */
    public static UserException unreadable(RunDirectory run, Exception e) {
        if (e instanceof UserException u) {
            return u;
        }
        return new UserException(run.file(RunDirectory.CHECKPOINT) + ": cannot resume (" + UserException.reason(e) + ")");
    }
}
