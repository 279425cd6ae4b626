package org.atelier.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.atelier.augmentation.AffineTransform;
import org.atelier.augmentation.Fill;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestTimeAugmentationTest {
    /** shift-flip's ten views, written out: the image and its mirror image, each as it is and moved one pixel four ways. */
    private static final List<AffineTransform> TEN_VIEWS = List.of(
            new AffineTransform(0, 0, 1, 1, 0, 0, false), new AffineTransform(1, 0, 1, 1, 0, 0, false),
            new AffineTransform(-1, 0, 1, 1, 0, 0, false), new AffineTransform(0, 1, 1, 1, 0, 0, false),
            new AffineTransform(0, -1, 1, 1, 0, 0, false),
            new AffineTransform(0, 0, 1, 1, 0, 0, true), new AffineTransform(1, 0, 1, 1, 0, 0, true),
            new AffineTransform(-1, 0, 1, 1, 0, 0, true), new AffineTransform(0, 1, 1, 1, 0, 0, true),
            new AffineTransform(0, -1, 1, 1, 0, 0, true));

    @Test
    void viewsStartWithTheImageItself() {
        assertEquals(List.of(AffineTransform.identity()), TestTimeAugmentation.NONE.views());
        assertEquals(List.of(AffineTransform.identity(), new AffineTransform(0, 0, 1, 1, 0, 0, true)),
                TestTimeAugmentation.FLIP.views());
        assertEquals(TEN_VIEWS, TestTimeAugmentation.SHIFT_FLIP.views());
        assertEquals(AffineTransform.identity(), TEN_VIEWS.get(0));
    }

    @Test
    void unknownModeNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> TestTimeAugmentation.byName("all"));
        assertEquals("--tta must be one of [none, flip, shift-flip], got all", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Fill.class)
    void shiftFlipPredictionIsTheMeanOfTheTenViewsPredictions(Fill fill) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(ModelArchitecture.BASELINE, manager);
            Classifier classifier = new Classifier(block, manager, fill);
            float[] images = new float[2 * 784];
            for (int i = 0; i < images.length; i++) {
                images[i] = (i * 31 % 97) / 96f;
            }
            float[][] averaged = classifier.probabilities(images, 2, 28, 28, TestTimeAugmentation.SHIFT_FLIP);
            for (int img = 0; img < 2; img++) {
                float[] expected = new float[10];
                for (AffineTransform view : TEN_VIEWS) {
                    float[] moved = new float[784];
                    view.apply(images, img * 784, moved, 0, 28, fill);
                    float[] p = classifier.probabilities(moved, 1, 28, 28)[0];
                    for (int k = 0; k < 10; k++) {
                        expected[k] += p[k] / 10;
                    }
                }
                assertArrayEquals(expected, averaged[img], 1e-5f);
            }
        }
    }

    @Test
    void reusingThePlainPredictionsForTheIdentityViewChangesNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Classifier classifier = new Classifier(Networks.initialized(ModelArchitecture.BASELINE, manager), manager);
            byte[] pixels = new byte[3 * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 37 % 256);
            }
            org.atelier.data.ImageSet images = new org.atelier.data.ImageSet(pixels, new byte[] {0, 1, 2}, 28, 28);
            float[][] plain = classifier.probabilities(images);
            float[][] computed = classifier.probabilities(images, TestTimeAugmentation.SHIFT_FLIP);
            float[][] reused = classifier.probabilities(images, TestTimeAugmentation.SHIFT_FLIP, plain);
            assertTrue(java.util.Arrays.deepEquals(computed, reused), "bit for bit");
            // The given rows really stand in for the identity view: rows of zeros drop its tenth.
            float[][] zeros = new float[3][10];
            float[][] withoutIdentity = classifier.probabilities(images, TestTimeAugmentation.SHIFT_FLIP, zeros);
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 10; c++) {
                    assertEquals(computed[i][c] - plain[i][c] / 10, withoutIdentity[i][c], 1e-6f);
                }
            }
        }
    }
}
