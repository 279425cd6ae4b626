package org.atelier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

class FashionMnistDataTest {
    @Test
    void normalisationDividesBy255() {
        ImageSet set = new ImageSet(new byte[] {0, (byte) 255, (byte) 128, 51}, new byte[] {3}, 2, 2);
        float[] out = new float[6];
        set.copyNormalized(0, out, 2);
        assertArrayEquals(new float[] {0, 0, 0f, 1f, 128 / 255f, 0.2f}, out);
    }

    @Test
    void pixelStatisticsMatchHandComputation() {
        // Pixels 0, 255, 0, 255: mean 0.5, population standard deviation 0.5.
        ImageSet set = new ImageSet(new byte[] {0, (byte) 255, 0, (byte) 255}, new byte[] {1}, 2, 2);
        double[] stats = DatasetSummary.pixelMeanAndStd(set);
        assertEquals(0.5, stats[0], 1e-12);
        assertEquals(0.5, stats[1], 1e-12);
    }

    @Test
    void classNamesInLabelOrder() {
        assertEquals("T-shirt/top", FashionClass.nameOf(0));
        assertEquals("Shirt", FashionClass.nameOf(6));
        assertEquals("Ankle boot", FashionClass.nameOf(9));
        assertEquals(10, FashionClass.displayNames().size());
    }

    @Test
    @EnabledIf("org.atelier.testing.TestData#realDataPresent")
    void realDataHasTheOfficialShape() {
        FashionMnist data = TestData.real();
        assertEquals(60000, data.train().size());
        assertEquals(10000, data.test().size());
        assertEquals(28, data.train().rows());
        assertEquals(9, data.train().label(0), "the first training image is an Ankle boot");
        assertEquals(FashionClass.ANKLE_BOOT, FashionClass.of(data.train().label(0)));
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, data.train().classCounts()[c]);
            assertEquals(1000, data.test().classCounts()[c]);
        }
    }

    @Test
    @EnabledIf("org.atelier.testing.TestData#realDataPresent")
    void realSplitIsExactly4800And1200PerClass() {
        StratifiedSplit split = StratifiedSplit.of(TestData.real().train(), 0.2, 42);
        for (int c = 0; c < 10; c++) {
            assertEquals(4800, split.train().classCounts()[c]);
            assertEquals(1200, split.validation().classCounts()[c]);
        }
    }
}
