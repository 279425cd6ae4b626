package org.atelier.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atelier.data.ImageSet;
import org.atelier.models.BuildingBlocks;
import org.atelier.models.Classifier;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.Networks;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every architecture exported and run by ONNX Runtime against Atelier's own inference; a hand-worked graph. */
class OnnxExportTest {
    @TempDir
    Path tmp;

    /**
     * A 1x1 convolution (weight 2, bias 1), ReLU, global average pooling and a dense layer whose
     * class c has weight c and bias -1: an image of pixels 0.5 gives 2 * 0.5 + 1 = 2 everywhere,
     * so the scores are 2c - 1.
     */
    @Test
    void aHandWorkedNetworkGivesItsScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = new SequentialBlock().add(BuildingBlocks.conv(1, 1, BuildingBlocks.Padding.SAME))
                    .add(Activation.reluBlock()).add(BuildingBlocks.globalAveragePool()).add(BuildingBlocks.dense(10));
            net.initialize(manager, DataType.FLOAT32, Networks.INPUT_SHAPE);
            List<Parameter> params = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                params.add(p.getValue());
            }
            params.get(0).getArray().set(new float[] {2});
            params.get(1).getArray().set(new float[] {1});
            float[] dense = new float[10];
            float[] bias = new float[10];
            for (int c = 0; c < 10; c++) {
                dense[c] = c;
                bias[c] = -1;
            }
            params.get(2).getArray().set(dense);
            params.get(3).getArray().set(bias);
            float[] pixels = new float[784];
            java.util.Arrays.fill(pixels, 0.5f);
            try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(OnnxExport.network(net, 1e-5f, "hand").toByteArray(), 1)) {
                assertArrayEquals(new float[] {-1, 1, 3, 5, 7, 9, 11, 13, 15, 17}, onnx.scores(pixels, 0, 1)[0], 1e-6f);
            }
        }
    }

    @Test
    void everyArchitectureGivesAteliersScores() {
        ImageSet images = TestData.learnable(1, 5);
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = trainedLooking(architecture, manager);
                OnnxMl.ModelProto model = OnnxExport.network(net, architecture.blocks().batchNormEpsilon(), architecture.id());
                try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(model.toByteArray(), 2)) {
                    ExportCheck check = ExportCheck.compare(new Classifier(net, manager), onnx, images);
                    assertEquals(10, check.images());
                    assertTrue(check.passes(), architecture.id() + ": " + check);
                    assertEquals(10, check.sameClass(), architecture.id() + ": " + check);
                }
                assertEquals(List.of("input"), model.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
                assertEquals(List.of("scores"), model.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
                assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Dropout")), architecture.id());
            }
        }
    }

    /** ONNX's own checker (Debian's python3-onnx), with its full shape inference, accepts every architecture's file. */
    @Test
    void onnxsCheckerAcceptsEveryArchitecture() throws Exception {
        Assumptions.assumeTrue(pythonOnnx(), "needs Debian's python3-onnx");
        List<String> files = new ArrayList<>();
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = Networks.initialized(architecture, manager);
                Path file = tmp.resolve(architecture.id() + ".onnx");
                Files.write(file, OnnxExport.network(net, architecture.blocks().batchNormEpsilon(), architecture.id()).toByteArray());
                files.add(file.toString());
            }
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import onnx, sys\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
                        + "    print('ok', f)"));
        command.addAll(files);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(ModelArchitecture.values().length, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
    }

    private static boolean pythonOnnx() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * A freshly initialised network with every BatchNorm given running statistics, scale and shift
     * away from their starting 0 and 1, as training leaves them: otherwise BatchNorm would be an
     * identity that an export could get wrong unseen.
     */
    private static Block trainedLooking(ModelArchitecture architecture, NDManager manager) {
        Block net = Networks.initialized(architecture, manager);
        Random random = new Random(3);
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (!p.getKey().contains("gamma") && !p.getKey().contains("beta") && !p.getKey().contains("running")) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            for (int i = 0; i < values.length; i++) {
                // variances as small as 0.005, where a wrong epsilon (1e-3 against 1e-5) moves the output by 10%
                values[i] = p.getKey().contains("Var") ? 0.005f + random.nextFloat()
                        : p.getKey().contains("gamma") ? 0.5f + random.nextFloat() : (random.nextFloat() - 0.5f) * 0.2f;
            }
            array.set(values);
        }
        return net;
    }

    @Test
    void theBatchNormParametersAreFoundByName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block bn = BuildingBlocks.DJL.batchNorm();
            bn.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2, 2));
            assertTrue(bn instanceof BatchNorm);
            assertEquals(List.of("gamma", "beta", "runningMean", "runningVar"), bn.getParameters().keys());
        }
    }
}
