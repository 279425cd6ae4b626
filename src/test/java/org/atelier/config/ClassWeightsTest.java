package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    @Test
    void namedClassesTakeTheirWeightOthersStayOne() {
        ClassWeights w = ClassWeights.parse("0=1.5,6=2");
        assertEquals(List.of(1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0), w.weights(null));
        assertEquals("0=1.5,6=2", w.text(), "written back as users type it");
    }

    @Test
    void balancedWeighsRareClassesUp() {
        int[] counts = {10, 30, 20, 40, 0, 0, 0, 0, 0, 100};
        ClassWeights spec = ClassWeights.parse("balanced");
        List<Double> w = spec.weights(counts);
        // 200 images over 10 classes: 200 / (10 * n_c).
        assertEquals(2.0, w.get(0), 1e-12);
        assertEquals(200.0 / 300, w.get(1), 1e-12);
        assertEquals(0.2, w.get(9), 1e-12);
        assertEquals(0.0, w.get(4), 1e-12);
        assertEquals("balanced", spec.text());
    }

    @Test
    void badSpecsNameThePart() {
        ValueType.BadValue e = assertThrows(ValueType.BadValue.class, () -> ClassWeights.parse("0=1.5,11=2"));
        assertEquals("'11=2' is not LABEL=WEIGHT with a label 0-9 and a non-negative weight (e.g. 0=1.5,6=2), balanced or none",
                e.getMessage());
        assertThrows(ValueType.BadValue.class, () -> ClassWeights.parse("6"));
        assertThrows(ValueType.BadValue.class, () -> ClassWeights.parse("6=-1"));
        assertThrows(ValueType.BadValue.class, () -> ClassWeights.parse("x=1"));
        assertEquals("class 6 is named twice ('6=1,6=2')",
                assertThrows(ValueType.BadValue.class, () -> ClassWeights.parse("6=1,6=2")).getMessage());
    }
}
