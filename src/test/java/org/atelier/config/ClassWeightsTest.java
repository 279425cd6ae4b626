package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    @Test
    void namedClassesTakeTheirWeightOthersStayOne() {
        assertArrayEquals(new double[] {1.5, 1, 1, 1, 1, 1, 2, 1, 1, 1}, ClassWeights.parse("0=1.5,6=2", null));
        assertArrayEquals(new double[0], ClassWeights.parse("", null));
    }

    @Test
    void balancedWeighsRareClassesUp() {
        int[] counts = {10, 30, 20, 40, 0, 0, 0, 0, 0, 100};
        double[] w = ClassWeights.parse("balanced", counts);
        // 200 images over 10 classes: 200 / (10 * n_c).
        assertEquals(2.0, w[0], 1e-12);
        assertEquals(200.0 / 300, w[1], 1e-12);
        assertEquals(0.2, w[9], 1e-12);
        assertEquals(0.0, w[4], 1e-12);
    }

    @Test
    void badSpecsNameThePart() {
        UserException e = assertThrows(UserException.class, () -> ClassWeights.parse("0=1.5,11=2", null));
        assertEquals("--class-weights: '11=2' is not LABEL=WEIGHT with a label 0-9 and a non-negative weight "
                + "(e.g. 0=1.5,6=2, or balanced)", e.getMessage());
        assertThrows(UserException.class, () -> ClassWeights.parse("6", null));
        assertThrows(UserException.class, () -> ClassWeights.parse("6=-1", null));
        assertThrows(UserException.class, () -> ClassWeights.parse("x=1", null));
    }
}
