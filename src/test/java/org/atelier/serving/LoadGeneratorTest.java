package org.atelier.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    @Test
    void percentilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, LoadGenerator.percentile(sorted, 0.50));
        assertEquals(10, LoadGenerator.percentile(sorted, 0.99));
        assertEquals(1, LoadGenerator.percentile(new double[] {1}, 0.99));
        assertEquals(Double.NaN, LoadGenerator.percentile(new double[0], 0.5));
    }

    @Test
    void loadGoesToLoopbackOnly() {
        UserException e = assertThrows(UserException.class, () -> LoadGenerator.run(URI.create("http://example.org/predictions/m"),
                "image/png", List.of(new byte[1]), 1, 1, Duration.ofSeconds(1)));
        assertEquals("load goes to loopback servers only, not example.org", e.getMessage());
    }
}
