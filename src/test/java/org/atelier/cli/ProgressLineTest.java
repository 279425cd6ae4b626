package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    /** 183 of 375 batches is 9.76 of the bar's 20 characters: nine done and the head. */
    @Test
    void aWideTerminalShowsEveryField() {
        assertEquals("epoch 12/50 [=========>..........] 183/375  ETA  4:10  loss 0.4123  acc 0.8512   1,234 img/s",
                ProgressLine.render(12, 50, 183, 375, 250.4, 0.41234, 0.85116, 1234.4, null, 120));
    }

    @Test
    void eightyColumnsLeaveOutThroughputWhole() {
        String line = ProgressLine.render(12, 50, 183, 375, 250.4, 0.41234, 0.85116, 1234.4, null, 80);
        assertEquals("epoch 12/50 [=========>..........] 183/375  ETA  4:10  loss 0.4123  acc 0.8512", line);
        assertTrue(line.length() <= 79);
    }

    @Test
    void narrowerTerminalsDropAccuracyThenTheTimeLeftButKeepBarAndCount() {
        assertEquals("epoch 12/50 [=========>..........] 183/375  ETA  4:10  loss 0.4123",
                ProgressLine.render(12, 50, 183, 375, 250.4, 0.41234, 0.85116, 1234.4, null, 70));
        assertEquals("epoch 12/50 [=========>..........] 183/375  loss 0.4123",
                ProgressLine.render(12, 50, 183, 375, 250.4, 0.41234, 0.85116, 1234.4, null, 60));
        assertEquals("epoch 12/50 [=========>..........] 183/375",
                ProgressLine.render(12, 50, 183, 375, 250.4, 0.41234, 0.85116, 1234.4, null, 30));
    }

    /** Every batch of an epoch gives a line of one length at 80 and at 120 columns: the bar does not jump. */
    @Test
    void theWidthIsConstantThroughAnEpoch() {
        for (int columns : new int[] {80, 120}) {
            Set<Integer> lengths = new HashSet<>();
            for (int batch = 1; batch <= 375; batch++) {
                String line = ProgressLine.render(3, 10, batch, 375, 3.0 * (375 - batch), 2.3 / batch, batch / 400.0,
                        800 + batch * 3, null, columns);
                lengths.add(line.length());
                assertTrue(line.length() < columns, line);
                assertTrue(line.contains("[") && line.indexOf(']') - line.indexOf('[') - 1 >= 10, line);
            }
            assertEquals(1, lengths.size(), columns + " columns: " + lengths);
        }
    }

    @Test
    void theBarAndClock() {
        assertEquals("[>...................]", ProgressLine.bar(0, 375));
        assertEquals("[=====>..............]", ProgressLine.bar(100, 375)); // 100 * 20 / 375 = 5.3
        assertEquals("[====================]", ProgressLine.bar(375, 375));
        assertEquals(" 0:07", ProgressLine.clock(7.4));
        assertEquals("59:59", ProgressLine.clock(3599));
        assertEquals(" 1.7h", ProgressLine.clock(6120));
    }

    @Test
    void validationReplacesTheFigures() {
        assertEquals("epoch  3/10 [====================] 375/375  validating 12,000 images",
                ProgressLine.render(3, 10, 375, 375, Double.NaN, Double.NaN, Double.NaN, 0, "validating 12,000 images", 80));
    }
}
