package org.atelier.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.atelier.models.NativeCopies;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * checkpoint.bin of a run directory: the trainer's state, the parameters, the updater's state and
 * the weight average at the last save (an epoch's end, or part-way through an epoch), in one file so
 * the parts never disagree.
 */
final class Checkpoint {
    private static final String MAGIC = "atelier-checkpoint-1";

    private Checkpoint() {}

    static void write(RunDirectory run, TrainingState state, Block block, ParameterUpdater updater, WeightAverage average) {
        AtomicFiles.write(run.file(RunDirectory.CHECKPOINT), sink -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
            out.writeUTF(MAGIC);
            byte[] json = Json.MAPPER.writeValueAsBytes(state);
            out.writeInt(json.length);
            out.write(json);
            block.saveParameters(out);
            updater.save(out);
            if (average != null) {
                average.save(out);
            }
            out.flush();
        });
    }

    /** Only the trainer's state: where the run stands, without loading any arrays. */
    static TrainingState readState(RunDirectory run) {
        try (DataInputStream in = open(run)) {
            return readState(in);
        } catch (IOException | RuntimeException e) {
            throw unreadable(run, e);
        }
    }

    /** Restores parameters, updater state and average into the given objects; returns the trainer's state. */
    static TrainingState read(RunDirectory run, Block block, NDManager manager, ParameterUpdater updater,
                              WeightAverage average) {
        try (DataInputStream in = open(run)) {
            TrainingState state = readState(in);
            NativeCopies.loadParameters(block, manager, in);
            updater.load(in);
            if (average != null) {
                average.load(in);
            }
            return state;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw unreadable(run, e);
        }
    }

    private static DataInputStream open(RunDirectory run) throws IOException {
        if (!run.has(RunDirectory.CHECKPOINT)) {
            throw new UserException(run.root() + ": nothing to resume (no " + RunDirectory.CHECKPOINT + ")");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(run.file(RunDirectory.CHECKPOINT)), 1 << 16);
        return new DataInputStream(raw);
    }

    private static TrainingState readState(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not an Atelier checkpoint");
        }
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), TrainingState.class);
    }

    private static UserException unreadable(RunDirectory run, Exception e) {
        if (e instanceof UserException u) {
            return u;
        }
        return new UserException(run.file(RunDirectory.CHECKPOINT) + ": cannot resume (" + UserException.reason(e) + ")");
    }
}
