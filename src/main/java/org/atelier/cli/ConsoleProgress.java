package org.atelier.cli;

import java.util.Locale;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.atelier.run.EpochRecord;
import org.atelier.training.ProgressListener;
import org.atelier.util.Durations;

/**
 * A progress bar per epoch (throughput, loss, accuracy, ETA) on a terminal, and one summary line
 * per epoch everywhere, so logs stay readable when output is redirected. The line ends with the
 * time the remaining epochs would take at the median pace of the run's epochs so far (validation
 * included; those before a resume too), each timed by its record: an epoch resumed part-way counts
 * its saved part too. `atelier status` estimates the same way. Runs of many hours are otherwise
 * hard to plan around.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter out;
    private final boolean interactive;
    private ProgressBar bar;
    private int epochs;
    private final List<EpochRecord> timed = new ArrayList<>();

    ConsoleProgress(PrintWriter out) {
        this(out, System.console() != null);
    }

    ConsoleProgress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onResume(List<EpochRecord> history) {
        timed.addAll(history);
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        if (interactive) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setUnit(" batches", 1)
                    .build();
        }
    }

    @Override
    public void onBatch(int batch, double loss, double accuracy, double imagesPerSecond) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.4f %,.0f img/s", loss, accuracy, imagesPerSecond));
        }
    }

    @Override
    public void onValidation(int epoch, int images) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " validating %,d images", images));
        }
    }

    @Override
    public void onEpochEnd(EpochRecord r, boolean best) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String validation = Double.isNaN(r.validationAccuracy()) ? "no validation split"
                : String.format(Locale.ROOT, "val_loss %.4f  val_acc %.4f", r.validationLoss(), r.validationAccuracy());
        timed.add(r);
        int left = epochs - r.epoch();
        String toGo = left > 0 ? "  " + duration(left * EpochRecord.medianEpochSeconds(timed)) + " to go" : "";
        out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f  %s  lr %.2g  %.1fs  %,.0f img/s%s%s%n",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), validation,
                r.learningRate(), r.trainSeconds(), r.imagesPerSecond(), best ? "  (best)" : "", toGo);
        out.flush();
    }

    /** A rough duration, an estimate: "~" and {@link Durations#of}. */
    static String duration(double seconds) {
        return "~" + Durations.of(seconds);
    }
}
