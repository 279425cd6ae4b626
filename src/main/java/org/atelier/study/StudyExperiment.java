package org.atelier.study;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The study's experiments, in its order: the reference's sequence, then its future work. The plan,
 * the reference's published figures and its conclusions all name experiments by these, so none can
 * name one the study does not have; the ids name the experiments' folders.
 */
public enum StudyExperiment {
    BASELINE("baseline"),
    CNN4B("cnn4b"),
    CNN4B_AUGMENT("cnn4b-augment"),
    CNN4B_CLASS_WEIGHTS("cnn4b-class-weights"),
    CNN4B_AUGMENT_TUNED("cnn4b-augment-tuned"),
    MINIRESNET("miniresnet"),
    CNN4B_AUGMENT_CLASS_WEIGHTS("cnn4b-augment-class-weights"),
    MINIRESNET_LABEL_SMOOTHING("miniresnet-label-smoothing"),
    MINIRESNET_BOTTLENECK("miniresnet-bottleneck");

    private final String id;

    StudyExperiment(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The experiment whose folder is named {@code id}, if the study has one. */
    public static Optional<StudyExperiment> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /** The ids in the study's order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(StudyExperiment::id).toList();
    }
}
