package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneCycleScheduleTest {
    private final OneCycleSchedule schedule = new OneCycleSchedule(0.01, 101, 0.2);

    @Test
    void warmsUpLinearlyFromAtwentyFifthToTheMaximum() {
        // 20% of 101 steps rounds to 20 warm-up steps.
        assertEquals(0.0004, schedule.rate(0), 1e-12);
        assertEquals(0.0004 + (0.01 - 0.0004) * 10 / 20, schedule.rate(10), 1e-12);
        assertEquals(0.01, schedule.rate(20), 1e-12);
    }

    @Test
    void decaysAlongACosineToATenThousandthAtTheLastStep() {
        double end = 0.01 / 1e4;
        // Steps 20..100 are the decay: halfway (step 60) is the mean of the maximum and the end.
        assertEquals((0.01 + end) / 2, schedule.rate(60), 1e-12);
        assertEquals(end, schedule.rate(100), 1e-15);
        for (int step = 21; step <= 100; step++) {
            assertTrue(schedule.rate(step) < schedule.rate(step - 1), "falls at step " + step);
        }
    }
}
