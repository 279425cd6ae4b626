package org.atelier.workflow;

import ai.djl.Device;
import org.atelier.augmentation.AugmentationPreview;
import org.atelier.config.TrainConfig;
import org.atelier.data.ImageSet;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Evaluation;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.reporting.AugmentationCharts;
import org.atelier.reporting.EvaluationFiles;
import org.atelier.reporting.RunReport;
import org.atelier.run.RunDirectory;
import org.atelier.training.AugmentationPreviews;
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingResult;
import org.atelier.training.TrainingRun;
import org.atelier.training.TrainingStopped;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/**
 * The one place that makes a run directory complete, for `train`, `evaluate` and `study` alike:
 * training writes the augmentation chart, trains and writes the report; evaluation computes,
 * then writes its files and the report.
 */
public final class RunSteps {
    /** Images and versions the augmentation chart shows. */
    static final int PREVIEW_IMAGES = 6;
    static final int PREVIEW_VERSIONS = 7;

    private RunSteps() {}

    /**
     * Trains {@code run}, holding its lock throughout. With {@code resume}, a run whose first epoch
     * never finished (stopped before its first checkpoint) trains again from the start with its
     * saved configuration; without, the folder must not hold a run yet. Ctrl-C or SIGTERM saves the
     * run after the batch under way (see {@link StopOnShutdown}); the message then ends with
     * {@code continueWith}, how the user goes on.
     */
    public static TrainingResult train(TrainConfig config, PreparedData data, RunDirectory run, boolean resume,
                                       ProgressListener listener, Device device, String continueWith) {
        return trainUntil(config, data, run, resume, config.epochs(), listener, device, continueWith).orElseThrow();
    }

    /**
     * As {@link #train}, pausing after epoch {@code lastEpoch} (see {@link TrainingRun#trainUntil}): a
     * tuning trial's segment up to its rung. Empty while the run is not finished.
     */
    public static java.util.Optional<TrainingResult> trainUntil(TrainConfig config, PreparedData data, RunDirectory run,
                                                                boolean resume, int lastEpoch, ProgressListener listener,
                                                                Device device, String continueWith) {
        TrainingRun training = new TrainingRun(config, run, listener, device);
        training.requireFits(data);
        try (RunDirectory.Lock lock = run.lock()) {
            AtomicFiles.removeLeftovers(run.root());
            if (!resume) {
                run.requireNoRun();
            }
            boolean fromCheckpoint = resume && run.has(RunDirectory.CHECKPOINT);
            if (!fromCheckpoint) {
                AugmentationPreview preview = AugmentationPreviews.of(config, data, PREVIEW_IMAGES, PREVIEW_VERSIONS);
                if (preview != null) {
                    AugmentationCharts.write(run.file(RunDirectory.AUGMENTATION), preview);
                }
            }
            java.util.Optional<TrainingResult> result;
            run.recordFailure(null);
            try (StopOnShutdown onStop = new StopOnShutdown(training.stopRequest(), run, continueWith, System.err)) {
                result = training.trainUntil(data, fromCheckpoint, lastEpoch);
            } catch (TrainingStopped stopped) {
                throw stopped;
            } catch (RuntimeException failed) {
                // a diverged loss, say, or an engine's error: `status` and the run's page show it failed and why
                run.recordFailure(failed instanceof UserException ? failed.getMessage() : "internal error: " + failed);
                throw failed;
            }
            RunReport.write(run);
            return result;
        }
    }

    /**
     * Evaluates {@code run} on {@code test}, with a temperature fitted on {@code validation} (the
     * run's own split; empty for none), holding its lock; its files are read before and written after all is computed.
     */
    public static Evaluation.Result evaluate(RunDirectory run, ImageSet test, ImageSet validation, TestTimeAugmentation tta,
                                             Device device) {
        try (RunDirectory.Lock lock = run.lock()) {
            AtomicFiles.removeLeftovers(run.root());
            requireTrained(run);
            Evaluation.Result result = Evaluation.evaluate(run, test, validation, tta, device, true);
            EvaluationFiles.write(run, test, result);
            RunReport.write(run);
            return result;
        }
    }

    /** Evaluates {@code run} on held-out images other than the test set, holding its lock, with no temperature fitted; writes nothing. */
    public static Evaluation.Result evaluateHeldOut(RunDirectory run, ImageSet heldOut, TestTimeAugmentation tta, Device device) {
        try (RunDirectory.Lock lock = run.lock()) {
            requireTrained(run);
            ImageSet none = new ImageSet(new byte[0], new byte[0], heldOut.rows(), heldOut.cols());
            // printed only: no pictures, so no maps to make
            return Evaluation.evaluate(run, heldOut, none, tta, device, false);
        }
    }

    /** Refuses, before anything is computed, a run whose training has not ended: the test set judges finished runs only. */
    private static void requireTrained(RunDirectory run) {
        if (run.metrics().isEmpty()) {
            throw new UserException(run.root() + " has not finished training (no " + RunDirectory.METRICS + "); resume it with "
                    + "train --resume, then evaluate it");
        }
    }
}
