package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of every parameter of a network, BatchNorm's running statistics
 * included: after step {@code t}, {@code average = d * average + (1 - d) * weight} with
 * {@code d = min(decay, (1 + t) / (10 + t))}, so that early steps, whose weights are far from the
 * final ones, fade fast (TensorFlow's ExponentialMovingAverage with num_updates). The averaged
 * network is what gets validated and saved; training goes on with the live weights.
 */
public final class WeightAverage {
    private static final NDIndex WHOLE = new NDIndex("...");
    private final double decay;
    // Parameters, not arrays: loading a checkpoint gives a parameter a new array.
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> averages = new ArrayList<>();

    /** Starts the average at the block's current values; {@code manager} owns the averages. */
    public WeightAverage(Block block, double decay, NDManager manager) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            parameters.add(p.getValue());
            NDArray average = array.duplicate();
            average.attach(manager);
            average.setRequiresGradient(false);
            averages.add(average);
        }
    }

    /** The weight the average gives the previous average after step {@code step} (from 1). */
    public double decayAt(long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Folds the live weights into the average after optimizer step {@code step}. */
    public void update(long step) {
        float d = (float) decayAt(step);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            // average = (average - w) * d + w, in place, with no temporary array.
            averages.get(i).subi(weight).muli(d).addi(weight);
        }
    }

    /**
     * Runs {@code action} with the averaged values in the network, then puts the live ones back
     * exactly; returns what it returns. The values are copied into the parameters' own arrays
     * natively: a ParameterStore keeps those arrays, and values set from Java would leave each
     * one backed by a direct buffer, inside the launcher's cap, for the rest of the run.
     */
    public <T> T withAveraged(Supplier<T> action) {
        List<NDArray> live = new ArrayList<>();
        try {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).getArray();
                live.add(weight.duplicate());
                overwrite(weight, averages.get(i));
            }
            return action.get();
        } finally {
            for (int i = 0; i < live.size(); i++) {
                overwrite(parameters.get(i).getArray(), live.get(i));
                live.get(i).close();
            }
        }
    }

    /** {@code target = source}, copied natively into the same array, bit for bit. */
    private static void overwrite(NDArray target, NDArray source) {
        target.set(WHOLE, source);
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeInt(averages.size());
        ArrayState.write(out, averages);
    }

    public void load(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count != averages.size()) {
            throw new IOException("weight average holds " + count + " parameters, the model has " + averages.size());
        }
        ArrayState.read(in, averages, "weight average");
    }
}
