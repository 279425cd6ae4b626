package org.atelier.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.atelier.data.FashionClass;
import org.atelier.data.FashionMnist;
import org.atelier.models.BuildingBlocks;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.ResidualBlock;
import org.atelier.run.Provenance;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A trained network as an ONNX model. The contract: one input {@value #INPUT}, float32
 * [N,1,28,28], grey pixel values divided by 255 (0 the dark background, 1 a light garment, as
 * Fashion-MNIST stores them), which is all of Atelier's preprocessing, so the graph adds none; one
 * output {@value #OUTPUT}, float32 [N,10], the class scores (logits: softmax gives Atelier's
 * probabilities), in label order. Inference only: dropout is left out, BatchNorm is a
 * BatchNormalization node with the running statistics, and metadata_props carry the class names,
 * the preprocessing and the run's provenance.
 */
public final class OnnxExport {
    public static final String INPUT = "input";
    public static final String OUTPUT = "scores";
    /** The ONNX opset the model is written for. */
    public static final int OPSET = OnnxOperator.OPSET;
    /** ONNX's IR version 7 is the first to carry opset 13; onnx 1.8's checker and later read it. */
    static final long IR_VERSION = 7;
    public static final String PREPROCESSING = "input float32 [N,1,28,28]: grey pixel values / 255, 0 the dark background and "
            + "1 a light garment as in Fashion-MNIST; no other normalisation. Output " + OUTPUT + " float32 [N,10]: class "
            + "scores (logits) in label order; softmax gives the probabilities.";

    private final ONNXContext graph = new ONNXContext();
    private final float batchNormEpsilon;

    private OnnxExport(float batchNormEpsilon) {
        this.batchNormEpsilon = batchNormEpsilon;
    }

    /** The run's network, with its best (else last) parameters as loaded in {@code network}, as an ONNX model. */
    public static OnnxMl.ModelProto of(RunDirectory run, Block network) {
        ModelArchitecture architecture = ModelArchitecture.byName(run.config().model());
        OnnxMl.ModelProto.Builder model = network(network, architecture.blocks().batchNormEpsilon(), architecture.id())
                .toBuilder()
                .setProducerName("atelier")
                .setProducerVersion(Provenance.currentVersion())
                .setDocString("Atelier " + architecture.id() + " trained in " + runName(run) + ". " + PREPROCESSING);
        metadata(run).forEach((key, value) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** {@code network} (initialised, in inference form) as a model with no metadata. */
    static OnnxMl.ModelProto network(Block network, float batchNormEpsilon, String name) {
        OnnxExport export = new OnnxExport(batchNormEpsilon);
        export.graph.setName(name);
        ONNXPlaceholder input = export.graph.floatInput(INPUT, FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE);
        ONNXPlaceholder output = export.graph.floatOutput(OUTPUT, FashionClass.COUNT);
        export.graph.assignTo(export.add(network, input), output);
        OnnxMl.GraphProto graph = export.graph.buildGraph().toBuilder()
                .setInput(0, tensor(INPUT, 1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE))
                .setOutput(0, tensor(OUTPUT, FashionClass.COUNT))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOperator.OPSET))
                .setGraph(graph)
                .build();
    }

    /** A float32 tensor's description: a batch of any size ("N"), then {@code dims}. */
    private static OnnxMl.ValueInfoProto tensor(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    /** Adds {@code block} applied to {@code x} to the graph; returns its output. */
    private ONNXRef<?> add(Block block, ONNXRef<?> x) {
        if (block instanceof SequentialBlock sequence) {
            ONNXRef<?> out = x;
            for (Block child : sequence.getChildren().values()) {
                out = add(child, out);
            }
            return out;
        }
        if (block instanceof ResidualBlock residual) {
            ONNXRef<?> path = add(residual.main(), x);
            ONNXRef<?> skip = residual.shortcut() == null ? x : add(residual.shortcut(), x);
            return op(OnnxOperator.RELU, List.of(op(OnnxOperator.ADD, List.of(path, skip), "residual", Map.of())), "relu", Map.of());
        }
        if (block instanceof Convolution conv) {
            return convolution(conv, x);
        }
        if (block instanceof BatchNorm) {
            List<ONNXRef<?>> inputs = List.of(x, parameter(block, "gamma", "bn.scale"), parameter(block, "beta", "bn.bias"),
                    parameter(block, "runningMean", "bn.mean"), parameter(block, "runningVar", "bn.var"));
            return op(OnnxOperator.BATCH_NORMALIZATION, inputs, "bn", Map.of("epsilon", batchNormEpsilon));
        }
        if (block instanceof Linear) {
            List<ONNXRef<?>> inputs = List.of(x, parameter(block, "weight", "dense.weight"), parameter(block, "bias", "dense.bias"));
            // DJL keeps a dense kernel as (units, inputs): Gemm multiplies by its transpose
            return op(OnnxOperator.GEMM, inputs, "dense", Map.of("transB", 1));
        }
        if (block instanceof Dropout) {
            return x; // inference: dropout passes its input through
        }
        if (block instanceof LambdaBlock lambda) {
            return switch (lambda.getName()) {
                case "ReLU" -> op(OnnxOperator.RELU, List.of(x), "relu", Map.of());
                case "maxPool2d" -> op(OnnxOperator.MAX_POOL, List.of(x), "pool", Map.of(
                        "kernel_shape", new int[] {BuildingBlocks.POOL_SIZE, BuildingBlocks.POOL_SIZE},
                        "strides", new int[] {BuildingBlocks.POOL_SIZE, BuildingBlocks.POOL_SIZE}));
                // DJL's global pooling gives (N, C); ONNX's keeps (N, C, 1, 1)
                case "globalAvgPool2d" -> flatten(op(OnnxOperator.GLOBAL_AVERAGE_POOL, List.of(x), "gap", Map.of()));
                case "batchFlatten" -> flatten(x);
                default -> throw unsupported("layer '" + lambda.getName() + "'");
            };
        }
        throw unsupported(block.getClass().getSimpleName() + " layer");
    }

    private ONNXRef<?> convolution(Convolution conv, ONNXRef<?> x) {
        int[] kernel = ints(conv.getKernelShape().getShape());
        int[] padding = ints(conv.getPadding().getShape());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("kernel_shape", kernel);
        // ONNX pads each spatial axis at its start, then each at its end
        attributes.put("pads", new int[] {padding[0], padding[1], padding[0], padding[1]});
        attributes.put("strides", ints(conv.getStride().getShape()));
        attributes.put("dilations", ints(conv.getDilation().getShape()));
        attributes.put("group", conv.getGroups());
        List<ONNXRef<?>> inputs = conv.isIncludeBias()
                ? List.of(x, parameter(conv, "weight", "conv.weight"), parameter(conv, "bias", "conv.bias"))
                : List.of(x, parameter(conv, "weight", "conv.weight"));
        return op(OnnxOperator.CONV, inputs, "conv", attributes);
    }

    private ONNXRef<?> flatten(ONNXRef<?> x) {
        return op(OnnxOperator.FLATTEN, List.of(x), "flatten", Map.of("axis", 1));
    }

    private ONNXRef<?> op(OnnxOperator operator, List<ONNXRef<?>> inputs, String output, Map<String, Object> attributes) {
        return graph.operation(operator, inputs, output, attributes);
    }

    /** The block's parameter {@code key} as an initialiser named {@code name} (made unique). */
    private ONNXRef<?> parameter(Block block, String key, String name) {
        NDArray array = block.getParameters().get(key).getArray();
        float[] values = array.toFloatArray();
        List<Integer> dims = Arrays.stream(array.getShape().getShape()).mapToObj(d -> (int) d).collect(Collectors.toList());
        return graph.floatTensor(name, dims, buffer -> buffer.put(values));
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    private static UserException unsupported(String what) {
        return new UserException("cannot export this network to ONNX: it has a " + what + " that export does not know");
    }

    /**
     * metadata_props: the class names, the preprocessing, and where the model comes from (the
     * run's config.json with its provenance: data hashes, commit, CPU; its validation and test
     * accuracy when recorded).
     */
    static Map<String, String> metadata(RunDirectory run) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("classes", json(Arrays.stream(FashionClass.values()).map(FashionClass::displayName).toList()));
        props.put("preprocessing", PREPROCESSING);
        props.put("run", runName(run));
        props.put("model", run.config().model());
        Provenance provenance = run.provenance();
        if (provenance != null) {
            props.put("atelier_version", provenance.atelierVersion());
            props.put("git_commit", provenance.gitCommit());
            props.put("data_sha256", json(provenance.dataSha256()));
        }
        props.put("exported_by", "atelier " + Provenance.currentVersion());
        try {
            props.put("config", Files.readString(run.file(RunDirectory.CONFIG)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.file(RunDirectory.CONFIG) + ": " + e.getMessage(), e);
        }
        run.metrics().ifPresent(m -> {
            putFigure(props, "val_accuracy", m.validationAccuracy());
            putFigure(props, "test_accuracy", m.testAccuracy());
        });
        return props;
    }

    /** The run folder's own name, also for a run given as "." or "runs/x/". */
    private static String runName(RunDirectory run) {
        return run.root().toAbsolutePath().normalize().getFileName().toString();
    }

    private static void putFigure(Map<String, String> props, String key, Double value) {
        if (value != null) {
            props.put(key, String.format(Locale.ROOT, "%.4f", value));
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
