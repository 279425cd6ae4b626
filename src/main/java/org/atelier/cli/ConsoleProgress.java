package org.atelier.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.atelier.run.EpochRecord;
import org.atelier.training.ProgressListener;
import org.atelier.util.Durations;

/**
 * A progress line per epoch (bar, batches, time left, loss, accuracy, throughput; see
 * {@link ProgressLine}) redrawn in place on a terminal at most four times a second, and one summary line
 * per epoch everywhere, so logs stay readable when output is redirected. The line ends with the
 * time the remaining epochs would take at the median pace of the run's epochs so far (validation
 * included; those before a resume too), each timed by its record: an epoch resumed part-way counts
 * its saved part too. `atelier status` estimates the same way. Runs of many hours are otherwise
 * hard to plan around.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter out;
    private final boolean interactive;
    /** Redraws at most this often: more is flicker and costs the loop nothing useful. */
    private static final long REDRAW_NANOS = 250_000_000L;
    private boolean drawing;
    private int epoch;
    private int epochs;
    private int batches;
    private int columns;
    private long epochStart;
    private long lastDraw;
    private String lastLine = "";
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
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (interactive) {
            columns = terminalColumns();
            drawing = true;
            draw(ProgressLine.render(epoch, epochs, 0, batches, Double.NaN, Double.NaN, Double.NaN, 0, "starting", columns));
        }
    }

    @Override
    public void onBatch(int batch, double loss, double accuracy, double imagesPerSecond) {
        long now = System.nanoTime();
        if (drawing && (now - lastDraw >= REDRAW_NANOS || batch == batches)) {
            lastDraw = now;
            double elapsed = (now - epochStart) / 1e9;
            double left = batch > 0 ? elapsed / batch * (batches - batch) : Double.NaN;
            draw(ProgressLine.render(epoch, epochs, batch, batches, left, loss, accuracy, imagesPerSecond, null, columns));
        }
    }

    @Override
    public void onValidation(int epoch, int images) {
        if (drawing) {
            draw(ProgressLine.render(epoch, epochs, batches, batches, Double.NaN, Double.NaN, Double.NaN, 0,
                    String.format(Locale.ROOT, "validating %,d images", images), columns));
        }
    }

    /** Over the last line: a carriage return, the new one, and blanks where the old was longer. */
    private void draw(String line) {
        String pad = " ".repeat(Math.max(0, lastLine.length() - line.length()));
        out.print("\r" + line + pad);
        out.flush();
        lastLine = line;
    }

    private void clearLine() {
        if (!lastLine.isEmpty()) {
            out.print("\r" + " ".repeat(lastLine.length()) + "\r");
            lastLine = "";
        }
    }

    /**
     * The terminal's width: $COLUMNS when exported, else what {@code stty size} reads from the
     * terminal, else 80. Asked once an epoch, so a resized window is followed.
     */
    static int terminalColumns() {
        String env = System.getenv("COLUMNS");
        if (columns(env) > 0) {
            return columns(env);
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor() == 0 && answer.matches("\\d+ \\d+") && columns(answer.split(" ")[1]) > 0) {
                return columns(answer.split(" ")[1]);
            }
        } catch (IOException e) {
            // no stty or no terminal: the usual width
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    /**
     * A width as $COLUMNS or stty gives it, at least 20; 0 when it tells none: unset, not a number,
     * or 0 or less (a terminal of unknown size, under script or docker exec -t, answers "0 0").
     */
    static int columns(String text) {
        try {
            int n = text == null ? 0 : Integer.parseInt(text.strip());
            return n > 0 ? Math.max(20, n) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void onEpochEnd(EpochRecord r, boolean best) {
        if (drawing) {
            clearLine();
            drawing = false;
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
