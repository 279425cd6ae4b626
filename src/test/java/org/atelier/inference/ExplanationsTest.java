package org.atelier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplanationsTest {
    @Test
    void idsThatComeToOneFileNameAreNumbered() {
        Set<String> taken = new HashSet<>();
        assertEquals("a_b.png", Explanations.uniqueName("a/b.png", taken));
        assertEquals("a_b-2.png", Explanations.uniqueName("a_b.png", taken));
        assertEquals("a_b-3.png", Explanations.uniqueName("a:b", taken));
        assertEquals("c.png", Explanations.uniqueName("c", taken));
    }
}
