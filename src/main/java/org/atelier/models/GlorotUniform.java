package org.atelier.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Keras' default kernel initialiser, glorot_uniform: uniform in [-l, l] with
 * l = sqrt(6 / (fan_in + fan_out)). A convolution kernel (out, in, kh, kw) has fan_in = in*kh*kw
 * and fan_out = out*kh*kw; a dense kernel (out, in) has fan_in = in and fan_out = out.
 */
public final class GlorotUniform implements Initializer {
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float limit = (float) limit(shape);
        return manager.randomUniform(-limit, limit, shape, dataType);
    }

    static double limit(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("a kernel has at least two dimensions, got " + shape);
        }
        long receptive = shape.size() / (shape.get(0) * shape.get(1));
        long fanIn = shape.get(1) * receptive;
        long fanOut = shape.get(0) * receptive;
        return Math.sqrt(6.0 / (fanIn + fanOut));
    }
}
