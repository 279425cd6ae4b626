package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
    /**
     * One line per model. The reference study's Keras summaries give 31,081,034 parameters for CNN4b and
     * 12,264,458 for the MiniResNet; the baseline's 225,034 is (3*3*32+32) + (3*3*32*64+64) + (1600*128+128)
     * + (128*10+10) = 320 + 18,496 + 204,928 + 1,290, and its forward FLOPs 2 * (26*26*32*9 + 11*11*64*288
     * + 1600*128 + 128*10) = 5,262,080.
     */
    @Test
    void withoutANameItPrintsAnOverview() {
        DataCommandTest.Result r = DataCommandTest.run("models");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("model +params +MFLOPs  what it is"), lines.get(0));
        assertTrue(lines.get(1).matches("baseline +225,034 +5\\.3  The study's first CNN.*"), lines.get(1));
        assertTrue(lines.get(2).matches("cnn4b +31,081,034 +631\\.7  .*CNN4b.*"), lines.get(2));
        assertTrue(lines.get(3).matches("miniresnet +12,264,458 +1,190\\.7  .*MiniResNet.*"), lines.get(3));
        assertEquals("./atelier models NAME prints a model's layers.", lines.get(lines.size() - 1));
        assertEquals(11, lines.size(), r.out());
        lines.forEach(line -> assertTrue(line.length() <= 120, line));
    }

    @Test
    void withANameItPrintsTheLayers() {
        DataCommandTest.Result r = DataCommandTest.run("models", "baseline");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Total params: 225,034"), r.out());
        assertTrue(r.out().contains("Forward FLOPs per image: 5,262,080"), r.out());
    }
}
