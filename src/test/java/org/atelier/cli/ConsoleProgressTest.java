package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.atelier.run.EpochRecord;
import org.junit.jupiter.api.Test;

/** The per-epoch line and its estimate of the time left, from the epochs' records. */
class ConsoleProgressTest {

    /** Epoch {@code n}, trained in {@code trainSeconds} and validated in 5 s. */
    private static EpochRecord epoch(int n, double trainSeconds) {
        return new EpochRecord(n, 0.5, 0.8, 0.4, 0.85, 0.001, trainSeconds, 960, 0, 1000, 0.5, 5);
    }

    /**
     * Each epoch is timed by its record (training and validation), not by the clock of this
     * process: an epoch resumed part-way, here epoch 3, counts the part trained before too; and the
     * epochs before the resume count as much as those since.
     */
    @Test
    void eachLineSaysHowLongTheRemainingEpochsTakeAtTheMedianPaceOfTheRun() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), false);
        // Epochs 1 and 2 took 60 and 58 s before the resume; then 3 to 5 of 50 take 60, 120 and 40 s:
        // the median stays 60 s (after epoch 4 the mean would be 74.5 s).
        progress.onResume(List.of(epoch(1, 55), epoch(2, 53)));
        for (int[] e : new int[][] {{3, 55}, {4, 115}, {5, 35}}) {
            progress.onEpochStart(e[0], 50, 10);
            progress.onEpochEnd(epoch(e[0], e[1]), e[0] == 3);
        }
        progress.onEpochStart(50, 50, 10);
        progress.onEpochEnd(epoch(50, 50), false);
        assertEquals(List.of(
                "epoch 3/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  55.0s  960 img/s  (best)  ~47 min to go",
                "epoch 4/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  115.0s  960 img/s  ~46 min to go",
                "epoch 5/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  35.0s  960 img/s  ~45 min to go",
                "epoch 50/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  50.0s  960 img/s"),
                text.toString().lines().toList());
    }

    /** A width the terminal does not tell (unset, garbage, "0" from a pty of unknown size) falls back, not to 20 columns. */
    @Test
    void aWidthThatTellsNothingIsNoWidth() {
        assertEquals(120, ConsoleProgress.columns("120"));
        assertEquals(20, ConsoleProgress.columns("5"), "the least the bar needs");
        for (String none : new String[] {null, "", "0", "-5", "abc", "99999999999"}) {
            assertEquals(0, ConsoleProgress.columns(none), "'" + none + "'");
        }
    }

    @Test
    void durationsRoundToAUsefulUnit() {
        assertEquals("~45 s", ConsoleProgress.duration(45));
        assertEquals("~2 min", ConsoleProgress.duration(90));
        assertEquals("~89 min", ConsoleProgress.duration(89 * 60));
        assertEquals("~1.5 h", ConsoleProgress.duration(90 * 60));
        assertEquals("~7.4 h", ConsoleProgress.duration(7.4 * 3600));
    }
}
