package org.atelier.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelArchitectureTest {
    /** Parameters of a k x k convolution with bias, of BatchNorm (gamma, beta, running mean and variance), of a dense layer. */
    static long conv(int in, int out, int k) {
        return (long) (k * k * in + 1) * out;
    }

    static long bn(int c) {
        return 4L * c;
    }

    static long dense(int in, int out) {
        return (long) (in + 1) * out;
    }

    /** The MiniResNets' stage widths, as the reference's model file has them. */
    private static final int[] STAGES = {32, 64, 128, 256, 512};

    static long expectedParameters(ModelArchitecture m) {
        return switch (m) {
            case BASELINE -> conv(1, 32, 3) + conv(32, 64, 3) + dense(64 * 5 * 5, 128) + dense(128, 10);
            // The reference's own figures (reference-models.md): 31,081,034 and 12,264,458, BatchNorm statistics included.
            case CNN4B -> conv(1, 64, 3) + bn(64) + conv(64, 64, 3) + bn(64) + conv(64, 128, 3) + bn(128)
                    + conv(128, 128, 3) + bn(128) + conv(128, 256, 3) + bn(256) + conv(256, 256, 3) + bn(256)
                    + conv(256, 512, 3) + bn(512) + conv(512, 512, 3) + bn(512) + dense(7 * 7 * 512, 1024) + bn(1024)
                    + dense(1024, 512) + bn(512) + dense(512, 256) + bn(256) + dense(256, 128) + bn(128) + dense(128, 10);
            case MINIRESNET, MINIRESNET_BOTTLENECK -> {
                long n = conv(1, 32, 3) + bn(32);
                int in = 32;
                for (int out : STAGES) {
                    for (int k = 0; k < 2; k++) {
                        n += m == ModelArchitecture.MINIRESNET
                                ? conv(in, out, 3) + bn(out) + conv(out, out, 3) + bn(out)
                                : conv(in, out / 4, 1) + bn(out / 4) + conv(out / 4, out / 4, 3) + bn(out / 4)
                                        + conv(out / 4, out, 1) + bn(out);
                        n += in == out ? 0 : conv(in, out, 1) + bn(out);
                        in = out;
                    }
                }
                yield n + dense(512, 1024) + bn(1024) + dense(1024, 512) + bn(512) + dense(512, 10);
            }
            case CNN4B_LITE -> conv(1, 32, 3) + bn(32) + conv(32, 64, 3) + bn(64) + conv(64, 128, 3) + bn(128)
                    + conv(128, 256, 3) + bn(256) + dense(256 * 3 * 3, 512) + bn(512) + dense(512, 256) + bn(256)
                    + dense(256, 128) + bn(128) + dense(128, 10);
            case FASTNET -> conv(1, 32, 3) + bn(32) + conv(32, 64, 3) + bn(64) + conv(64, 64, 3) + bn(64)
                    + conv(64, 128, 3) + bn(128) + conv(128, 128, 3) + bn(128) + conv(128, 256, 3) + bn(256)
                    + conv(256, 256, 3) + bn(256) + dense(256, 10);
            case FASTNET_WIDE -> conv(1, 64, 3) + bn(64) + conv(64, 128, 3) + bn(128) + conv(128, 128, 3) + bn(128)
                    + conv(128, 256, 3) + bn(256) + conv(256, 256, 3) + bn(256) + conv(256, 512, 3) + bn(512)
                    + conv(512, 512, 3) + bn(512) + dense(512, 10);
            case MINIRESNET_LITE -> {
                long n = 0;
                int in = 1;
                for (int out : STAGES) {
                    n += conv(in, out, 3) + bn(out) + conv(out, out, 3) + bn(out) + conv(in, out, 1) + bn(out);
                    in = out;
                }
                yield n + head();
            }
            case MINIRESNET_BOTTLENECK_LITE -> {
                long n = conv(1, 32, 3) + bn(32) + conv(32, 32, 3) + bn(32) + conv(1, 32, 1) + bn(32);
                int in = 32;
                for (int s = 1; s < 5; s++) {
                    int out = STAGES[s];
                    int inner = out / 4;
                    n += conv(in, inner, 1) + bn(inner) + conv(inner, inner, 3) + bn(inner) + conv(inner, out, 1)
                            + bn(out) + conv(in, out, 1) + bn(out);
                    in = out;
                }
                yield n + head();
            }
        };
    }

    private static long head() {
        return dense(512, 256) + bn(256) + dense(256, 128) + bn(128) + dense(128, 10);
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void outputIsTenLogitsPerImageAndParameterCountMatchesHandCount(ModelArchitecture m) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(m, manager);
            NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(3, 10), y.getShape());
            ModelSummary summary = ModelSummary.of(m.id(), block, Networks.INPUT_SHAPE);
            assertEquals(expectedParameters(m), summary.parameters());
            assertEquals(new Shape(1, 10), summary.rows().get(summary.rows().size() - 1).outputShape());
        }
    }

    @Test
    void baselineFlopsByHand() {
        long conv1 = 2L * 26 * 26 * 32 * 9;
        long conv2 = 2L * 11 * 11 * 64 * 32 * 9;
        long dense = 2L * 1600 * 128 + 2L * 128 * 10;
        assertEquals(conv1 + conv2 + dense, Networks.summary(ModelArchitecture.BASELINE).flops());
        assertEquals(225_034, Networks.summary(ModelArchitecture.BASELINE).parameters());
    }

    @Test
    void bottleneckSavesParametersAndFlops() {
        ModelSummary plain = Networks.summary(ModelArchitecture.MINIRESNET_LITE);
        ModelSummary bottleneck = Networks.summary(ModelArchitecture.MINIRESNET_BOTTLENECK_LITE);
        assertTrue(bottleneck.parameters() < plain.parameters() / 5, "under a fifth of the parameters");
        assertTrue(bottleneck.flops() < plain.flops() / 5, "under a fifth of the FLOPs");
        String text = bottleneck.render();
        assertTrue(text.contains("bottleneck block 256->512 (1x1 projection)"), text);
    }

    /** The reference's figures, restated in reference-models.md: parameters, and about 0.63 and 1.2 GFLOPs forward. */
    @Test
    void theReferenceModelsHaveTheReferencesSizes() {
        ModelSummary cnn4b = Networks.summary(ModelArchitecture.CNN4B);
        assertEquals(31_081_034, cnn4b.parameters());
        assertEquals(631_689_728, cnn4b.flops());
        ModelSummary resnet = Networks.summary(ModelArchitecture.MINIRESNET);
        assertEquals(12_264_458, resnet.parameters());
        assertEquals(1_190_726_656, resnet.flops());
        // CNN4b pools after its first two blocks only: 28 -> 14 -> 7, then 7x7x512 = 25,088 into the head.
        assertTrue(cnn4b.rows().stream().anyMatch(r -> r.outputShape().equals(new Shape(1, 25_088))), cnn4b.render());
    }

    /** The reference puts L2 on the residual blocks' convolutions only: not on the stem or the dense head. */
    @Test
    void theReferenceMiniResNetDecaysOnlyItsBlocks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(ModelArchitecture.MINIRESNET, manager);
            long kernels = block.getParameters().stream().filter(p -> p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT)
                    .count();
            long decayed = block.getParameters().stream().filter(p -> p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT)
                    .filter(p -> ModelArchitecture.MINIRESNET.decays(p.getKey())).count();
            assertEquals(1 + 10 * 2 + 4 + 3, kernels, "stem, ten blocks of two, four projections, three dense");
            assertEquals(10 * 2 + 4, decayed);
            assertTrue(block.getParameters().stream().allMatch(p -> ModelArchitecture.CNN4B_LITE.decays(p.getKey())));
        }
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> ModelArchitecture.byName("resnet50"));
        assertEquals("unknown model 'resnet50'; known models: [baseline, cnn4b, miniresnet, miniresnet-bottleneck, cnn4b-lite, "
                + "miniresnet-lite, miniresnet-bottleneck-lite, fastnet, fastnet-wide]",
                e.getMessage());
    }

    @Test
    void summaryRowsFollowTheLayers() {
        ModelSummary s = Networks.summary(ModelArchitecture.BASELINE);
        assertArrayEquals(new String[] {"Conv2d 3x3, 32 (valid)", "ReLU", "maxPool2d", "Conv2d 3x3, 64 (valid)", "ReLU",
                "maxPool2d", "batchFlatten", "Dense 128", "ReLU", "Dense 10"},
                s.rows().stream().map(ModelSummary.Row::layer).toArray());
        assertEquals(new Shape(1, 64, 5, 5), s.rows().get(5).outputShape());
    }

    @Test
    void flipAveragingIsExactForMirrorSymmetricImagesAndSymmetricOverall() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(ModelArchitecture.BASELINE, manager);
            Classifier classifier = new Classifier(block, manager);
            float[] symmetric = new float[784];
            float[] left = new float[784];
            float[] right = new float[784];
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    symmetric[y * 28 + x] = Math.abs(x - 13.5f) / 14f;
                    left[y * 28 + x] = x < 10 ? 1f : 0f;
                    right[y * 28 + x] = x >= 18 ? 1f : 0f; // left's mirror image
                }
            }
            assertArrayEquals(classifier.probabilities(symmetric, 1, 28, 28)[0],
                    classifier.probabilities(symmetric, 1, 28, 28, TestTimeAugmentation.FLIP)[0], 1e-6f);
            float[] l = classifier.probabilities(left, 1, 28, 28, TestTimeAugmentation.FLIP)[0];
            float[] r = classifier.probabilities(right, 1, 28, 28, TestTimeAugmentation.FLIP)[0];
            assertArrayEquals(l, r, 1e-6f, "an image and its mirror get the same averaged prediction");
            float[] plainLeft = classifier.probabilities(left, 1, 28, 28)[0];
            float[] plainRight = classifier.probabilities(right, 1, 28, 28)[0];
            for (int k = 0; k < 10; k++) {
                assertEquals((plainLeft[k] + plainRight[k]) / 2, l[k], 1e-6f);
            }
        }
    }
}
