package org.atelier.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.Map;
import java.util.Set;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.Networks;
import org.junit.jupiter.api.Test;

class GradCamTest {
    /**
     * A 1x1 convolution of weight 1 and bias 0, ReLU, global average pooling, then 10 logits whose
     * class 3 weight is 1 and every other 0: class 3's score is the image's mean, so its gradient
     * is 1/784 at every lit pixel and its map is the image divided by its brightest pixel.
     */
    private static SequentialBlock handSet(NDManager manager) {
        return handSet(manager, Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build());
    }

    /** As {@link #handSet(NDManager)}, its first child {@code first} (holding the 1x1 convolution). */
    private static SequentialBlock handSet(NDManager manager, Block first) {
        return set(manager, first, (name, values) -> {
            if (name.contains("weight")) {
                // the convolution's single weight, or the dense layer's (10, 1) column: 1 for class 3 only
                values[values.length == 1 ? 0 : 3] = 1;
            }
        });
    }

    /**
     * {@code first}, ReLU, global average pooling, 10 logits, initialised; then each parameter is
     * zeros that {@code values} fills in, given the parameter's name.
     */
    private static SequentialBlock set(NDManager manager, Block first, java.util.function.BiConsumer<String, float[]> values) {
        SequentialBlock net = new SequentialBlock()
                .add(first)
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(10).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        for (Pair<String, Parameter> p : net.getParameters()) {
            var array = p.getValue().getArray();
            float[] v = new float[(int) array.size()];
            values.accept(p.getKey(), v);
            array.set(v);
        }
        return net;
    }

    @Test
    void aSingleBrightPixelGivesAMapPeakingThereAndZeroElsewhere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = handSet(manager);
            float[] image = new float[784];
            image[5 * 28 + 17] = 0.8f;

            float[] map = GradCam.maps(net, image, 1, new int[] {3})[0];

            float[] expected = new float[784];
            expected[5 * 28 + 17] = 1f;
            assertArrayEquals(expected, map, 1e-6f);
            assertFalse(ai.djl.pytorch.jni.JniUtils.isGradMode(), "gradient recording is off again after the maps, as inference runs");
        }
    }

    @Test
    void theMapOfClassThreeIsTheImageDividedByItsBrightestPixel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = handSet(manager);
            float[] images = new float[2 * 784];
            for (int p = 0; p < 784; p++) {
                images[p] = (p % 28) / 54f; // a ramp from 0 to 0.5 across each row
                images[784 + p] = p == 0 ? 0.25f : (p < 100 ? 0.1f : 0f);
            }
            // the predicted class is 3: the only logit that is not 0 is the (positive) mean
            float[][] maps = GradCam.maps(net, images, 2, null);

            for (int p = 0; p < 784; p++) {
                assertEquals((p % 28) / 27f, maps[0][p], 1e-5f, "ramp at " + p);
                assertEquals(p == 0 ? 1f : (p < 100 ? 0.4f : 0f), maps[1][p], 1e-5f, "second image at " + p);
            }
        }
    }

    @Test
    void aClassTheImageGivesNoEvidenceForHasAnAllZeroMap() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = handSet(manager);
            float[] image = new float[784];
            image[400] = 1f;

            assertArrayEquals(new float[784], GradCam.maps(net, image, 1, new int[] {0})[0]);
            assertThrows(IllegalArgumentException.class, () -> GradCam.maps(net, image, 1, new int[] {10}));
        }
    }

    /**
     * The convolution followed by 4x4 average pooling, one child at 7x7: a pixel's map is then the
     * 7x7 cell holding it, spread bilinearly; each 28x28 coordinate c samples the 7x7 grid at
     * (c + 0.5) / 4 - 0.5, a tent of width 1 around cell 1 (row) and cell 4 (column).
     */
    @Test
    void aSevenBySevenLayersMapIsSpreadBilinearlyOverTheImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = handSet(manager, new SequentialBlock()
                    .add(Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build())
                    .add(Pool.avgPool2dBlock(new Shape(4, 4))));
            // opened: the convolution (28x28), the pooling (7x7), the ReLU (7x7): the ReLU's output
            assertEquals(new GradCam.Target(2, new Shape(1, 1, 7, 7), 0), GradCam.target(net));
            float[] image = new float[784];
            image[5 * 28 + 17] = 1f; // in cell (1, 4)

            float[] map = GradCam.maps(net, image, 1, new int[] {3})[0];

            double peak = 0.875 * 0.875; // the nearest samples: 5 and 6 map to 1.125 and 1.375, 17 and 18 to 3.875 and 4.125
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double expected = tent(y, 1) * tent(x, 4) / peak;
                    assertEquals(expected, map[y * 28 + x], 1e-5, "at (" + y + ", " + x + ")");
                }
            }
        }
    }

    private static double tent(int coordinate, int cell) {
        double at = Math.max(0, Math.min(6, (coordinate + 0.5) / 4 - 0.5));
        return Math.max(0, 1 - Math.abs(at - cell));
    }

    /** A thread of a pool or a server records gradients by default; the maps are the same there, and it keeps recording. */
    @Test
    void onAThreadThatRecordsGradientsTheMapsAreTheSameAndRecordingStaysOn() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = handSet(manager);
            float[] image = new float[784];
            image[300] = 0.5f;
            image[301] = 0.25f;
            float[][] here = GradCam.maps(net, image, 1, null);
            float[][][] there = new float[1][][];
            boolean[] recording = new boolean[2];
            Thread other = new Thread(() -> {
                recording[0] = ai.djl.pytorch.jni.JniUtils.isGradMode();
                there[0] = GradCam.maps(net, image, 1, null);
                recording[1] = ai.djl.pytorch.jni.JniUtils.isGradMode();
            });
            other.start();
            other.join();
            assertTrue(recording[0] && recording[1], "on before and after");
            assertArrayEquals(here[0], there[0][0]);
            assertEquals(1f, here[0][300]);
            assertEquals(0.5f, here[0][301]);
        }
    }

    @Test
    void upsamplingSamplesAtPixelCentres() {
        // 2x2 to 4x4: the outer pixels repeat the corners, the inner ones are 3:1 mixes
        float[] up = GradCam.upsample(new float[] {0, 4, 8, 12}, 0, 2, 2, 4);
        assertArrayEquals(new float[] {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12}, up, 1e-6f);
        float[] same = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(same, GradCam.upsample(same, 0, 3, 3, 3), 1e-6f);
    }

    /**
     * The layer each architecture's map comes from, worked out by hand from ModelArchitecture with
     * its sequential blocks opened (a conv block is conv, [BatchNorm,] ReLU[, pool][, dropout]; a
     * residual block is one layer): the last layer at 7x7 or more after a convolution, and how
     * many convolutions after it work on coarser maps.
     */
    @Test
    void eachArchitectureTakesTheActivationAfterItsLastConvolutionAtSevenBySevenOrMore() {
        Map<String, GradCam.Target> expected = Map.of(
                // conv 26, ReLU, pool 13, conv 11, ReLU (4), pool 5
                "baseline", new GradCam.Target(4, new Shape(1, 64, 11, 11), 0),
                // four double blocks of 7 + 8 layers... the 512 block's second half ends with its dropout at 7x7 (29)
                "cnn4b", new GradCam.Target(29, new Shape(1, 512, 7, 7), 0),
                // stem 0-2, stages of two residual blocks (+ pool) + dropout: the last stage's dropout (19)
                "miniresnet", new GradCam.Target(19, new Shape(1, 512, 7, 7), 0),
                "miniresnet-bottleneck", new GradCam.Target(19, new Shape(1, 512, 7, 7), 0),
                // blocks of 5 layers: the third block's ReLU (12), then its pool to 3x3 and the 256 block
                "cnn4b-lite", new GradCam.Target(12, new Shape(1, 128, 7, 7), 1),
                // residual, pool, residual, pool, then three residual blocks at 7x7 (the last is 6)
                "miniresnet-lite", new GradCam.Target(6, new Shape(1, 512, 7, 7), 0),
                "miniresnet-bottleneck-lite", new GradCam.Target(6, new Shape(1, 512, 7, 7), 0),
                // block of 4, then 3 + 4 at 14x14, 3 + 4 at 7x7: the second 7x7 block's ReLU (16); two 3x3 convolutions after
                "fastnet", new GradCam.Target(16, new Shape(1, 128, 7, 7), 2),
                "fastnet-wide", new GradCam.Target(16, new Shape(1, 256, 7, 7), 2));
        assertEquals(expected.keySet(), Set.copyOf(ModelArchitecture.names()));
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = Networks.initialized(architecture, manager);
                assertEquals(expected.get(architecture.id()), GradCam.target(net), architecture.id());
            }
        }
    }

    /**
     * Two channels that see each pixel differently: A0 = ReLU(x), A1 = ReLU(0.5 - x), and class 3's
     * score is mean(A0) - mean(A1), so w0 = 1/784 and w1 = -1/784 and the map is
     * ReLU(A0 - A1) / max: at x = 1, 0.8, 0.5, 0.4, 0.2, 0 that is 1, 0.8, 0.5, 0.3, 0, 0. Summing
     * the channels unweighted (0.5 everywhere lit or not), weighting by |w| or cutting each
     * channel at zero before the sum would each give other values.
     */
    @Test
    void eachChannelIsWeightedByItsMeanGradientBeforeTheSumIsCutAtZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = set(manager, Conv2d.builder().setFilters(2).setKernelShape(new Shape(1, 1)).build(), (name, values) -> {
                boolean convolution = name.contains("Conv");
                if (convolution && name.contains("weight")) {
                    values[0] = 1;
                    values[1] = -1;
                } else if (convolution) {
                    values[1] = 0.5f;
                } else if (name.contains("weight")) { // (10, 2): class 3 reads +1 of channel 0 and -1 of channel 1
                    values[3 * 2] = 1;
                    values[3 * 2 + 1] = -1;
                }
            });
            float[] image = new float[784];
            float[] lit = {1f, 0.8f, 0.5f, 0.4f, 0.2f};
            for (int i = 0; i < lit.length; i++) {
                image[100 + i] = lit[i];
            }

            float[] map = GradCam.maps(net, image, 1, new int[] {3})[0];

            float[] expected = new float[784];
            float[] heat = {1f, 0.8f, 0.5f, 0.3f, 0f};
            for (int i = 0; i < heat.length; i++) {
                expected[100 + i] = heat[i];
            }
            assertArrayEquals(expected, map, 1e-6f);
        }
    }

    @Test
    void theTargetSaysWhatTheMapLeavesOut() {
        assertEquals("11x11 map of 64 channels, after the network's last convolution",
                new GradCam.Target(4, new Shape(1, 64, 11, 11), 0).describe());
        assertEquals("7x7 map of 128 channels; the network's last 2 convolutions make maps coarser than 7x7, "
                        + "too coarse to say where, and are left out",
                new GradCam.Target(16, new Shape(1, 128, 7, 7), 2).describe());
        assertEquals("7x7 map of 128 channels; the network's last convolution makes maps coarser than 7x7, "
                        + "too coarse to say where, and is left out",
                new GradCam.Target(12, new Shape(1, 128, 7, 7), 1).describe());
    }
}
