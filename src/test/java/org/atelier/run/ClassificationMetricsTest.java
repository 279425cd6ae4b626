package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    /** Six images of classes 0, 1 and 2; four right. Every figure below is worked out by hand. */
    @Test
    void figuresOfASmallConfusionByHand() {
        ClassificationMetrics m = ClassificationMetrics.of(new byte[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2});
        assertArrayEquals(new int[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 0}, m.confusion()[0]);
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, m.confusion()[1]);
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, m.confusion()[2]);
        assertEquals(4.0 / 6, m.accuracy(), 1e-15);
        assertArrayEquals(new double[] {1, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0}, m.precision(), 1e-15);
        assertArrayEquals(new double[] {2.0 / 3, 0.5, 1, 0, 0, 0, 0, 0, 0, 0}, m.recall(), 1e-15);
        // F1 = 2PR / (P + R): 2 * 1 * 2/3 / (5/3) = 0.8; 0.5; 2 * 0.5 * 1 / 1.5 = 2/3.
        assertArrayEquals(new double[] {0.8, 0.5, 2.0 / 3, 0, 0, 0, 0, 0, 0, 0}, m.f1(), 1e-15);
        assertArrayEquals(new int[] {3, 2, 1, 0, 0, 0, 0, 0, 0, 0}, m.support());
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0, 0, 0, 0, 0, 0, 0, 0}, m.rowNormalized()[0], 1e-15);
        String table = m.render();
        assertEquals("0 T-shirt/top    1.0000    0.6667    0.8000        3", table.lines().skip(1).findFirst().orElseThrow());
        assertEquals("accuracy 0.6667 on 6 images", table.lines().reduce((a, b) -> b).orElseThrow());
    }
}
