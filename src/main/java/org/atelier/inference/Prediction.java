package org.atelier.inference;

import org.atelier.data.FashionClass;
import org.atelier.models.Classifier;

/** The model's answer for one input. */
public record Prediction(String id, float[] probabilities) {
    public int label() {
        return Classifier.argMax(probabilities);
    }

    public String className() {
        return FashionClass.nameOf(label());
    }

    public float probability() {
        return probabilities[label()];
    }
}
