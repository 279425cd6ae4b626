package org.atelier.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.atelier.models.ResidualBlock;

/**
 * Draws again the dropout masks of an epoch's first batches, on zeros, without training them. A
 * run whose masks are seeded once per epoch (runs saved before per-batch seeds) can then resume
 * after any batch exactly: PyTorch's random stream, whose state DJL cannot save, depends only on
 * its seed and on the shapes and rates of the masks drawn since, not on the values masked.
 */
final class DropoutReplay {
    /** A dropout layer and the shape of one image's input to it. */
    private record Layer(Dropout dropout, Shape perImage) {}

    private final List<Layer> layers;

    private DropoutReplay(List<Layer> layers) {
        this.layers = layers;
    }

    /**
     * The dropout layers of {@code network} in the order its forward pass runs them, or empty when
     * some dropout sits in a block whose order this cannot tell (then a run cannot be replayed).
     */
    static Optional<DropoutReplay> of(Block network, Shape inputShape) {
        List<Layer> layers = new ArrayList<>();
        return place(network, inputShape, layers) ? Optional.of(new DropoutReplay(List.copyOf(layers))) : Optional.empty();
    }

    private static boolean place(Block block, Shape input, List<Layer> layers) {
        if (block instanceof Dropout dropout) {
            layers.add(new Layer(dropout, input.slice(1)));
            return true;
        }
        if (block instanceof SequentialBlock sequence) {
            Shape shape = input;
            for (Pair<String, Block> child : sequence.getChildren()) {
                if (!place(child.getValue(), shape, layers)) {
                    return false;
                }
                shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
            }
            return true;
        }
        if (block instanceof ResidualBlock residual) {
            // The main path runs before the shortcut.
            return place(residual.main(), input, layers)
                    && (residual.shortcut() == null || place(residual.shortcut(), input, layers));
        }
        return !holdsDropout(block);
    }

    private static boolean holdsDropout(Block block) {
        return block instanceof Dropout
                || block.getChildren().values().stream().anyMatch(DropoutReplay::holdsDropout);
    }

    /** The shape of one image's input to each dropout layer, in the order a batch meets them. */
    List<Shape> inputShapes() {
        return layers.stream().map(Layer::perImage).toList();
    }

    /** Draws the masks of batches 0 to {@code batches - 1}, batch {@code i} holding {@code batchSize(i)} images. */
    void redraw(NDManager manager, int batches, IntUnaryOperator batchSize) {
        for (int i = 0; i < batches; i++) {
            for (Layer layer : layers) {
                try (NDManager scope = manager.newSubManager()) {
                    NDList zeros = new NDList(scope.zeros(new Shape(batchSize.applyAsInt(i)).addAll(layer.perImage())));
                    layer.dropout().forward(new ParameterStore(scope, false), zeros, true);
                }
            }
        }
    }
}
