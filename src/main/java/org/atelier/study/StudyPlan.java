package org.atelier.study;

import org.atelier.config.TrainSettings;
import java.util.ArrayList;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.config.Monitor;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.models.ModelArchitecture;
import org.atelier.sweep.RunSpec;
import org.atelier.util.UserException;

/**
 * The reference study's sequence, then its future work, as experiments. The full plan is the
 * reference's: its exact CNN4b and MiniResNet, batch 128, 50 epochs, its schedules and its
 * augmentation, on all 48,000 training images (days on 2 CPU cores). The quick plan trains
 * Atelier's lite models on the same 12,000 images and validates on 3,000, with fewer epochs, so
 * the whole study ends in under 20 minutes on 2 cores: a check of the pipeline, not of the figures.
 */
public final class StudyPlan {
    /** The study's first augmentation, before tuning: stronger shifts, zoom and shear. */
    public static final AugmentConfig FIRST_AUGMENTATION = new AugmentConfig(0.15, 0.15, 15, true, 0);
    /** Class weights that penalise the study's two hardest classes, T-shirt/top (0) and Shirt (6). */
    public static final double[] HARD_CLASS_WEIGHTS = {1.5, 1, 1, 1, 1, 1, 2, 1, 1, 1};

    static final int QUICK_TRAIN_IMAGES = 12_000;
    static final int QUICK_VALIDATION_IMAGES = 3_000;
    static final double QUICK_BATCH_NORM_MOMENTUM = 0.9;
    static final int QUICK_CNN_EPOCHS = 6;
    static final int QUICK_RESNET_EPOCHS = 3;
    static final int REFERENCE_EPOCHS = 50;
    static final int REFERENCE_BATCH = 128;
    /** The quick plan's tuned augmentation on the lite models: Atelier's earlier reading, shear 10 degrees. */
    static final AugmentConfig LITE_TUNED_AUGMENTATION = new AugmentConfig(0.1, 0.1, 10, true, 0);

    private StudyPlan() {}

    /** The experiments' names in the study's order. */
    public static List<String> ids() {
        return StudyExperiment.ids();
    }

    public static List<RunSpec> experiments(boolean quick, DataConfig data, long seed) {
        TrainConfig base = TrainConfig.defaults().toBuilder().data(data).set(TrainSettings.SEED, seed).build();
        TrainConfig baseline = base.toBuilder().set(TrainSettings.EPOCHS, quick ? QUICK_CNN_EPOCHS : 10).build();
        TrainConfig cnn;
        TrainConfig resnet;
        AugmentConfig tuned;
        String bottleneck;
        if (quick) {
            // Keras' BatchNorm momentum, 0.99, makes the running statistics lag the weights by hundreds of
            // steps; the quick plan's 141-282 steps are too few (cnn4b-lite, 6 epochs: 39.6% validation
            // at 0.99, 85.5% at 0.9, with the same training losses), so it uses 0.9.
            TrainConfig lite = base.toBuilder().limits(QUICK_TRAIN_IMAGES, QUICK_VALIDATION_IMAGES)
                    .set(TrainSettings.BATCH_NORM_MOMENTUM, QUICK_BATCH_NORM_MOMENTUM).build();
            baseline = lite.toBuilder().set(TrainSettings.EPOCHS, QUICK_CNN_EPOCHS).build();
            cnn = lite.toBuilder().set(TrainSettings.MODEL, ModelArchitecture.CNN4B_LITE.id()).set(TrainSettings.EPOCHS, QUICK_CNN_EPOCHS).build();
            resnet = lite.toBuilder().set(TrainSettings.MODEL, ModelArchitecture.MINIRESNET_LITE.id()).set(TrainSettings.EPOCHS, QUICK_RESNET_EPOCHS)
                    .plateau(TrainConfig.PlateauConfig.defaults().withPatience(1)).build();
            tuned = LITE_TUNED_AUGMENTATION;
            bottleneck = ModelArchitecture.MINIRESNET_BOTTLENECK_LITE.id();
        } else {
            // The reference's own settings (reference-models.md): batch 128, 50 epochs, Adam 0.001; CNN4b
            // with no schedule and no early stopping, the MiniResNet with ReduceLROnPlateau (patience 3).
            cnn = base.toBuilder().set(TrainSettings.MODEL, ModelArchitecture.CNN4B.id()).set(TrainSettings.EPOCHS, REFERENCE_EPOCHS).set(TrainSettings.BATCH_SIZE, REFERENCE_BATCH)
                    .plateau(TrainConfig.PlateauConfig.off()).build();
            resnet = base.toBuilder().set(TrainSettings.MODEL, ModelArchitecture.MINIRESNET.id()).set(TrainSettings.EPOCHS, REFERENCE_EPOCHS)
                    .set(TrainSettings.BATCH_SIZE, REFERENCE_BATCH).plateau(new TrainConfig.PlateauConfig(Monitor.VAL_LOSS, 0.5, 3, 1e-4, 1e-6))
                    .build();
            tuned = AugmentConfig.study();
            bottleneck = ModelArchitecture.MINIRESNET_BOTTLENECK.id();
        }
        List<RunSpec> plan = new ArrayList<>();
        plan.add(spec(StudyExperiment.BASELINE, "Baseline CNN (the study's Figure 1)", baseline));
        plan.add(spec(StudyExperiment.CNN4B, "+ BatchNorm and Dropout: the four-block CNN (" + cnn.model() + ")", cnn));
        plan.add(spec(StudyExperiment.CNN4B_AUGMENT, "+ augmentation (" + FIRST_AUGMENTATION.describe() + ")",
                cnn.toBuilder().augment(FIRST_AUGMENTATION).build()));
        plan.add(spec(StudyExperiment.CNN4B_CLASS_WEIGHTS, "+ class weights (T-shirt 1.5, Shirt 2) without augmentation",
                cnn.toBuilder().classWeights(HARD_CLASS_WEIGHTS).build()));
        plan.add(spec(StudyExperiment.CNN4B_AUGMENT_TUNED, "+ tuned augmentation (" + tuned.describe() + ")",
                cnn.toBuilder().augment(tuned).build()));
        plan.add(spec(StudyExperiment.MINIRESNET, "MiniResNet (" + resnet.model() + ") with ReduceLROnPlateau, no augmentation "
                + "(the study's best)", resnet));
        plan.add(spec(StudyExperiment.CNN4B_AUGMENT_CLASS_WEIGHTS, "Future work: tuned augmentation together with class weights",
                cnn.toBuilder().augment(tuned).classWeights(HARD_CLASS_WEIGHTS).build()));
        plan.add(spec(StudyExperiment.MINIRESNET_LABEL_SMOOTHING, "Future work: MiniResNet with label smoothing 0.1",
                resnet.toBuilder().set(TrainSettings.LABEL_SMOOTHING, 0.1).build()));
        plan.add(spec(StudyExperiment.MINIRESNET_BOTTLENECK, "Future work: MiniResNet with bottleneck blocks (" + bottleneck + ")",
                resnet.toBuilder().set(TrainSettings.MODEL, bottleneck).build()));
        return List.copyOf(plan);
    }

    private static RunSpec spec(StudyExperiment experiment, String description, TrainConfig config) {
        return new RunSpec(experiment.id(), description, config);
    }

    /**
     * The plan with every experiment trained for at most {@code maxEpochs}, each shortened one
     * saying so in its description; everything else as planned. Without a schedule tied to the
     * length (the plan has none), a shortened run is the first epochs of the planned one.
     */
    public static List<RunSpec> shortened(List<RunSpec> plan, int maxEpochs) {
        if (maxEpochs < 1) {
            throw new UserException("--epochs must be at least 1, got " + maxEpochs);
        }
        return plan.stream().map(e -> {
            int planned = e.config().epochs();
            return planned <= maxEpochs ? e : new RunSpec(e.id(),
                    e.description() + " [" + maxEpochs + " of the plan's " + planned + " epochs]",
                    e.config().toBuilder().set(TrainSettings.EPOCHS, maxEpochs).build());
        }).toList();
    }
}
