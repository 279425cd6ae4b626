package org.atelier.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.atelier.models.NativeCopies;
import org.atelier.run.CheckpointHeader;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainingState;
import org.atelier.util.AtomicFiles;

/**
 * checkpoint.bin of a run directory: the trainer's state ({@link CheckpointHeader}), then the
 * parameters, the updater's state and the weight average at the last save (an epoch's end, or
 * part-way through an epoch), in one file so the parts never disagree.
 */
final class Checkpoint {
    private Checkpoint() {}

    static void write(RunDirectory run, TrainingState state, Block block, ParameterUpdater updater, WeightAverage average) {
        AtomicFiles.write(run.file(RunDirectory.CHECKPOINT), sink -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
            CheckpointHeader.write(out, state);
            block.saveParameters(out);
            updater.save(out);
            if (average != null) {
                average.save(out);
            }
            out.flush();
        });
    }

    /** Restores parameters, updater state and average into the given objects; returns the trainer's state. */
    static TrainingState read(RunDirectory run, Block block, NDManager manager, ParameterUpdater updater,
                              WeightAverage average) {
        try (DataInputStream in = CheckpointHeader.open(run)) {
            TrainingState state = CheckpointHeader.read(in);
            NativeCopies.loadParameters(block, manager, in);
            updater.load(in);
            if (average != null) {
                average.load(in);
            }
            return state;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw CheckpointHeader.unreadable(run, e);
        }
    }
}
