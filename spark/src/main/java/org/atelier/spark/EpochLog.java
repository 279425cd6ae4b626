package org.atelier.spark;

import java.io.PrintWriter;
import org.atelier.run.EpochRecord;
import org.atelier.training.ProgressListener;

/** A line per epoch into a task's log file: executors have no terminal to draw progress on. */
final class EpochLog implements ProgressListener {
    private final PrintWriter out;
    private int epochs;

    EpochLog(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochRecord r, boolean best) {
        out.printf("epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.1fs  %,.0f img/s%s%n", r.epoch(), epochs,
                r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.trainSeconds(),
                r.imagesPerSecond(), best ? "  (best)" : "");
        out.flush();
    }
}
