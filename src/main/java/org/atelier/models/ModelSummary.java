package org.atelier.models;

import java.util.Locale;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A Keras-like table of an initialised network: each layer's output shape, parameter count and
 * forward FLOPs. FLOPs count the multiply-adds of convolutions and dense layers as two operations
 * each; BatchNorm, activations and pooling are a few percent more and left out, as is usual.
 */
public record ModelSummary(String model, List<Row> rows, long parameters, long trainableParameters, long flops) {

    /** One line of the table; {@code depth} indents rows inside residual blocks. */
    public record Row(String layer, Shape outputShape, long parameters, long flops, int depth) {}

    /** Summarises {@code block}, which must already be initialised for a (1, 1, 28, 28) input. */
    public static ModelSummary of(String model, Block block, Shape inputShape) {
        List<Row> rows = new ArrayList<>();
        long flops = walk(block, inputShape, rows, 0);
        long params = 0;
        long trainable = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            long n = p.getValue().getArray().size();
            params += n;
            if (p.getValue().requiresGradient()) {
                trainable += n;
            }
        }
        return new ModelSummary(model, List.copyOf(rows), params, trainable, flops);
    }

    private static long walk(Block block, Shape input, List<Row> rows, int depth) {
        if (block instanceof SequentialBlock seq) {
            long total = 0;
            Shape shape = input;
            for (Pair<String, Block> child : seq.getChildren()) {
                total += walk(child.getValue(), shape, rows, depth);
                shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
            }
            return total;
        }
        if (block instanceof ResidualBlock res) {
            int headerIndex = rows.size();
            rows.add(null); // filled once the children are counted
            List<Row> inner = new ArrayList<>();
            long total = walk(res.main(), input, inner, depth + 1);
            if (res.shortcut() != null) {
                total += walk(res.shortcut(), input, inner, depth + 1);
            }
            Shape out = res.getOutputShapes(new Shape[] {input})[0];
            String label = res.kind() + " block " + input.get(1) + "->" + out.get(1)
                    + (res.shortcut() == null ? "" : " (1x1 projection)");
            rows.set(headerIndex, new Row(label, out, parameterCount(res), total, depth));
            rows.addAll(inner);
            return total;
        }
        Shape out = block.getOutputShapes(new Shape[] {input})[0];
        long flops = leafFlops(block, out);
        rows.add(new Row(describe(block), out, parameterCount(block), flops, depth));
        return flops;
    }

    private static long leafFlops(Block block, Shape out) {
        if (block instanceof Convolution conv) {
            Shape k = conv.getKernelShape();
            long inChannels = weightShape(block).get(1);
            return 2L * out.get(1) * out.get(2) * out.get(3) * inChannels * k.get(0) * k.get(1);
        }
        if (block instanceof Linear) {
            Shape w = weightShape(block);
            return 2L * w.get(0) * w.get(1);
        }
        return 0;
    }

    private static Shape weightShape(Block block) {
        return block.getDirectParameters().get("weight").getArray().getShape();
    }

    private static String describe(Block block) {
        if (block instanceof Convolution conv) {
            Shape k = conv.getKernelShape();
            return "Conv2d " + k.get(0) + "x" + k.get(1) + ", " + conv.getFilters()
                    + (conv.getPadding().get(0) > 0 || k.get(0) == 1 ? " (same)" : " (valid)");
        }
        if (block instanceof Linear) {
            return "Dense " + weightShape(block).get(0);
        }
        if (block instanceof LambdaBlock lambda) {
            return lambda.getName();
        }
        return block.getClass().getSimpleName();
    }

    private static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** The table as text, with totals. */
    public String render() {
        StringBuilder out = new StringBuilder();
        String line = "-".repeat(92) + "\n";
        out.append("Model: ").append(model).append('\n').append(line);
        out.append(String.format(Locale.ROOT, "%-52s %-18s %10s %10s%n", "Layer", "Output shape", "Params", "MFLOPs"));
        out.append(line);
        for (Row r : rows) {
            String name = "  ".repeat(r.depth()) + r.layer();
            out.append(String.format(Locale.ROOT, "%-52s %-18s %,10d %10s%n", name, r.outputShape().slice(1),
                    r.parameters(), r.flops() == 0 ? "" : String.format(Locale.ROOT, "%.2f", r.flops() / 1e6)));
        }
        out.append(line);
        out.append(String.format(Locale.ROOT, "Total params: %,d (trainable %,d)%n", parameters, trainableParameters));
        out.append(String.format(Locale.ROOT, "Forward FLOPs per image: %,d (%.1f MFLOPs)%n", flops, flops / 1e6));
        return out.toString();
    }
}
