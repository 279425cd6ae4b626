package org.atelier.models;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Moves long-lived arrays that were made from Java values into PyTorch's own memory.
 *
 * <p>DJL's PyTorch engine backs every array it makes from Java values (including parameters that
 * {@link Block#loadParameters} reads) with a direct buffer for as long as the array lives. The
 * launcher caps direct memory at 256 MB so that the per-batch buffers are freed promptly; loaded
 * parameters and optimizer state would stay inside that cap for the whole run. The reference CNN4b
 * (124 MB of parameters) with Adam's two moments exceeded it when a run resumed. A native copy
 * holds no buffer, and closing the original lets the collector free its buffer.
 */
public final class NativeCopies {
    private NativeCopies() {}

    /** A copy of {@code array} in native memory, on the same manager; closes {@code array}. */
    public static NDArray replacing(NDArray array) {
        NDArray copy = array.duplicate();
        copy.setName(array.getName());
        array.close();
        return copy;
    }

    /**
     * Loads parameters saved by {@link Block#saveParameters} into the initialised {@code block},
     * leaving them in native memory, and closes the arrays they replace. Call it before the block's
     * first forward pass: a ParameterStore keeps the arrays it first saw.
     */
    public static void loadParameters(Block block, NDManager manager, DataInputStream in)
            throws IOException, MalformedModelException {
        List<Parameter> parameters = block.getParameters().values();
        List<NDArray> before = parameters.stream().map(Parameter::getArray).toList();
        block.loadParameters(manager, in);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            NDArray loaded = parameter.getArray();
            if (loaded == before.get(i)) {
                continue;
            }
            NDArray copy = loaded.duplicate();
            // A Parameter takes a new array only once it has neither array nor shape.
            parameter.close();
            parameter.setShape(null);
            parameter.setArray(copy);
            before.get(i).close();
        }
    }
}
