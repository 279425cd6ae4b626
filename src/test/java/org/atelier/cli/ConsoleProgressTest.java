package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.atelier.run.EpochRecord;
import org.junit.jupiter.api.Test;

/** The per-epoch line and its estimate of the time left, on a clock the test moves. */
class ConsoleProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private static EpochRecord epoch(int n) {
        return new EpochRecord(n, 0.5, 0.8, 0.4, 0.85, 0.001, 50, 960, 0, 1000, 0.5, 5);
    }

    @Test
    void eachLineSaysHowLongTheRemainingEpochsTakeAtTheMeanPace() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), false, clock::get);
        // Epochs 3 to 5 of 50 (a resumed run): 60 s, then 120 s, then 40 s: means 60, 90, 73.3 s.
        for (long[] e : new long[][] {{3, 60}, {4, 120}, {5, 40}}) {
            progress.onEpochStart((int) e[0], 50, 10);
            clock.addAndGet(e[1] * SECOND);
            progress.onEpochEnd(epoch((int) e[0]), e[0] == 3);
        }
        progress.onEpochStart(50, 50, 10);
        progress.onEpochEnd(epoch(50), false);
        assertEquals(List.of(
                "epoch 3/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  50.0s  960 img/s  (best)  ~47 min to go",
                "epoch 4/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  50.0s  960 img/s  ~69 min to go",
                "epoch 5/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  50.0s  960 img/s  ~55 min to go",
                "epoch 50/50  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.8500  lr 0.0010  50.0s  960 img/s"),
                text.toString().lines().toList());
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
