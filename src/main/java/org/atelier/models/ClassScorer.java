package org.atelier.models;

import java.nio.FloatBuffer;

/** What a {@link Classifier} runs: a network's class probabilities for a batch of images. */
@FunctionalInterface
public interface ClassScorer {
    /**
     * @param input {@code n} images of {@code rows x cols} pixels in [0,1], from the buffer's position
     * @return {@code n} rows of 10 probabilities, one after another
     */
    float[] probabilities(FloatBuffer input, int n, int rows, int cols);
}
