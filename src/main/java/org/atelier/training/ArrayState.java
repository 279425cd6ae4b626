package org.atelier.training;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/** Writes and reads a fixed list of float arrays (optimizer moments, averaged weights) for checkpoints. */
final class ArrayState {
    private ArrayState() {}

    static void write(DataOutputStream out, List<NDArray> arrays) throws IOException {
        for (NDArray array : arrays) {
            float[] values = array.toFloatArray();
            out.writeInt(values.length);
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    /** Reads into {@code arrays}, which must have the sizes that were written. */
    static void read(DataInputStream in, List<NDArray> arrays, String what) throws IOException {
        for (NDArray array : arrays) {
            int n = in.readInt();
            if (n != array.size()) {
                throw new IOException(what + " size " + n + " does not match parameter size " + array.size());
            }
            float[] values = new float[n];
            for (int k = 0; k < n; k++) {
                values[k] = in.readFloat();
            }
            array.set(values);
        }
    }
}
