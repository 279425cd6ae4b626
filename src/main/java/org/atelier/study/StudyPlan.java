package org.atelier.study;

import java.util.ArrayList;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;

/**
 * The reference study's sequence, then its future work, as experiments. The full plan trains on
 * all 48,000 training images for the epochs the study's models need; the quick plan trains every
 * experiment on the same 12,000 images and validates on 3,000, with fewer epochs, so the whole
 * study ends in under 20 minutes on 2 CPU cores.
 */
public final class StudyPlan {
    /** The study's first augmentation, before tuning: stronger shifts, zoom and shear. */
    public static final AugmentConfig FIRST_AUGMENTATION = new AugmentConfig(0.15, 0.15, 15, true, 0);
    /** Class weights that penalise the study's two hardest classes, T-shirt/top (0) and Shirt (6). */
    public static final double[] HARD_CLASS_WEIGHTS = {1.5, 1, 1, 1, 1, 1, 2, 1, 1, 1};

    static final int QUICK_TRAIN_IMAGES = 12_000;
    static final int QUICK_VALIDATION_IMAGES = 3_000;
    static final double QUICK_BATCH_NORM_MOMENTUM = 0.9;

    private StudyPlan() {}

    public static List<Experiment> experiments(boolean quick, DataConfig data, long seed) {
        int cnnEpochs = quick ? 6 : 30;
        int resnetEpochs = quick ? 3 : 20;
        // Keras' BatchNorm momentum, 0.99, makes the running statistics lag the weights by hundreds of
        // steps; the quick plan's 141-282 steps are too few (cnn4b, 6 epochs: 39.6% validation at
        // 0.99, 85.5% at 0.9, with the same training losses), so it uses 0.9.
        TrainConfig base = TrainConfig.defaults().toBuilder().data(data).seed(seed)
                .limits(quick ? QUICK_TRAIN_IMAGES : 0, quick ? QUICK_VALIDATION_IMAGES : 0)
                .batchNormMomentum(quick ? QUICK_BATCH_NORM_MOMENTUM : -1).build();
        TrainConfig cnn = base.toBuilder().model("cnn4b").epochs(cnnEpochs)
                .earlyStoppingPatience(quick ? 0 : 8).build();
        TrainConfig resnet = base.toBuilder().model("miniresnet").epochs(resnetEpochs)
                .plateau(TrainConfig.PlateauConfig.defaults().withPatience(quick ? 1 : 2)).build();
        List<Experiment> plan = new ArrayList<>();
        plan.add(new Experiment("baseline", "Baseline CNN (the study's Figure 1)",
                base.toBuilder().epochs(quick ? cnnEpochs : 10).build()));
        plan.add(new Experiment("cnn4b", "+ BatchNorm, Dropout and L2: the four-block CNN", cnn));
        plan.add(new Experiment("cnn4b-augment", "+ augmentation (shift 0.15, zoom 0.15, shear 15, flip)",
                cnn.toBuilder().augment(FIRST_AUGMENTATION).build()));
        plan.add(new Experiment("cnn4b-class-weights", "+ class weights (T-shirt 1.5, Shirt 2) without augmentation",
                cnn.toBuilder().classWeights(HARD_CLASS_WEIGHTS).build()));
        plan.add(new Experiment("cnn4b-augment-tuned", "+ tuned augmentation (shift 0.1, zoom 0.1, shear 10, flip)",
                cnn.toBuilder().augment(AugmentConfig.study()).build()));
        plan.add(new Experiment("miniresnet", "MiniResNet with ReduceLROnPlateau, no augmentation (the study's best)", resnet));
        plan.add(new Experiment("cnn4b-augment-class-weights", "Future work: tuned augmentation together with class weights",
                cnn.toBuilder().augment(AugmentConfig.study()).classWeights(HARD_CLASS_WEIGHTS).build()));
        plan.add(new Experiment("miniresnet-label-smoothing", "Future work: MiniResNet with label smoothing 0.1",
                resnet.toBuilder().labelSmoothing(0.1).build()));
        plan.add(new Experiment("miniresnet-bottleneck", "Future work: MiniResNet with bottleneck blocks",
                resnet.toBuilder().model("miniresnet-bottleneck").build()));
        return List.copyOf(plan);
    }
}
