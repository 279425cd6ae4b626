package org.atelier.export;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators Atelier's networks are exported with, at one opset ({@link #OPSET}) in ONNX's
 * default domain; each declares its inputs and the attributes it may take, which Tribuo's builder
 * checks as a node is made. Opset 13 is read by every current runtime (ONNX Runtime, TensorRT,
 * OpenVINO, onnxruntime-web) and by ONNX's own checker back to onnx 1.8.
 */
enum OnnxOperator implements ONNXOperator {
    CONV("Conv", 2, 1, ints("kernel_shape"), ints("pads"), ints("strides"), ints("dilations"), integer("group")),
    BATCH_NORMALIZATION("BatchNormalization", 5, 0, real("epsilon")),
    RELU("Relu", 1, 0),
    MAX_POOL("MaxPool", 1, 0, mandatoryInts("kernel_shape"), ints("strides"), ints("pads")),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 0),
    FLATTEN("Flatten", 1, 0, integer("axis")),
    GEMM("Gemm", 2, 1, integer("transB")),
    ADD("Add", 2, 0);

    /** The opset every node is written for. */
    static final int OPSET = 13;

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOperator(String opName, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        this.attributes = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            this.attributes.put(a.getName(), a);
        }
    }

    private static ONNXAttribute ints(String name) {
        return new ONNXAttribute(name, AttributeType.INTS, false);
    }

    private static ONNXAttribute mandatoryInts(String name) {
        return new ONNXAttribute(name, AttributeType.INTS, true);
    }

    private static ONNXAttribute integer(String name) {
        return new ONNXAttribute(name, AttributeType.INT, false);
    }

    private static ONNXAttribute real(String name) {
        return new ONNXAttribute(name, AttributeType.FLOAT, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toSet());
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    /** ONNX's default domain (null: Tribuo's builder then leaves the node's domain unset). */
    @Override
    public String getOpDomain() {
        return null;
    }
}
