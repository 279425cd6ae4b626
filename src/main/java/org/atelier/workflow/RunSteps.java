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
import org.atelier.training.ProgressListener;
import org.atelier.training.TrainingResult;
import org.atelier.training.TrainingRun;

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

    public static TrainingResult train(TrainConfig config, PreparedData data, RunDirectory run, boolean resume,
                                       ProgressListener listener, Device device) {
        TrainingRun training = new TrainingRun(config, run, listener, device);
        if (!resume) {
            AugmentationPreview preview = training.augmentationPreview(data, PREVIEW_IMAGES, PREVIEW_VERSIONS);
            if (preview != null) {
                AugmentationCharts.write(run.file(RunDirectory.AUGMENTATION), preview);
            }
        }
        TrainingResult result = training.train(data, resume);
        RunReport.write(run);
        return result;
    }

    public static Evaluation.Result evaluate(RunDirectory run, ImageSet test, TestTimeAugmentation tta, Device device) {
        Evaluation.Result result = Evaluation.evaluate(run, test, tta, device);
        EvaluationFiles.write(run, test, result);
        RunReport.write(run);
        return result;
    }
}
