package org.atelier.run;

/** A test image the model got wrong, with the probability it gave its wrong answer. */
public record Mistake(int index, int trueLabel, int predictedLabel, double confidence) {}
