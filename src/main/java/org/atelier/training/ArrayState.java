package org.atelier.training;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.atelier.models.NativeCopies;

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

    /**
     * Replaces each array of {@code arrays} (a mutable list) with one of the same shape and manager
     * holding the values read, closing the old one. Creating rather than overwriting in place
     * (NDArray.set) avoids a deprecation warning that PyTorch prints on every resume; the values end
     * in native memory ({@link NativeCopies}).
     */
    static void read(DataInputStream in, List<NDArray> arrays, String what) throws IOException {
        for (int i = 0; i < arrays.size(); i++) {
            NDArray old = arrays.get(i);
            int n = in.readInt();
            if (n != old.size()) {
                throw new IOException(what + " size " + n + " does not match parameter size " + old.size());
            }
            float[] values = new float[n];
            for (int k = 0; k < n; k++) {
                values[k] = in.readFloat();
            }
            arrays.set(i, NativeCopies.replacing(old.getManager().create(values, old.getShape())));
            old.close();
        }
    }
}
