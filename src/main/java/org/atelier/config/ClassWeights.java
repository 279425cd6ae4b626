package org.atelier.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atelier.data.FashionClass;

/**
 * Class weights as users give them: "balanced" (worked out from the training images' classes
 * once they are read) or LABEL=WEIGHT,... with the classes not named at 1.
 */
public record ClassWeights(boolean balanced, List<Double> weights) {
    public ClassWeights {
        weights = List.copyOf(weights);
    }

    /** No weights: every class counts the same. */
    static final String NONE = "none";

    public static ClassWeights of(List<Double> weights) {
        return new ClassWeights(false, weights);
    }

    /** The weights in {@code text}: "balanced", or LABEL=WEIGHT,... (e.g. 0=1.5,6=2); refused naming the part that is wrong. */
    public static ClassWeights parse(String text) {
        if (text.strip().equals("balanced")) {
            return new ClassWeights(true, List.of());
        }
        if (text.strip().equals(NONE)) {
            return of(List.of());
        }
        double[] w = new double[FashionClass.COUNT];
        Arrays.fill(w, 1);
        boolean[] given = new boolean[FashionClass.COUNT];
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            int label;
            double weight;
            try {
                label = kv.length == 2 ? Integer.parseInt(kv[0].strip()) : -1;
                weight = kv.length == 2 ? Double.parseDouble(kv[1].strip()) : -1;
            } catch (NumberFormatException e) {
                label = -1;
                weight = -1;
            }
            if (label < 0 || label >= FashionClass.COUNT || !(weight >= 0) || Double.isInfinite(weight)) {
                throw new ValueType.BadValue("'" + part + "' is not LABEL=WEIGHT with a label 0-9 and a non-negative weight "
                        + "(e.g. 0=1.5,6=2), balanced or none");
            }
            if (given[label]) {
                throw new ValueType.BadValue("class " + label + " is named twice ('" + text + "')");
            }
            given[label] = true;
            w[label] = weight;
        }
        return of(Arrays.stream(w).boxed().toList());
    }

    /** The weights for training images with {@code trainCounts} images per class. */
    public List<Double> weights(int[] trainCounts) {
        return balanced ? Arrays.stream(balanced(trainCounts)).boxed().toList() : weights;
    }

    /** As users type it: "balanced", "none", or LABEL=WEIGHT for each class not at 1. */
    public String text() {
        if (balanced) {
            return "balanced";
        }
        if (weights.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < weights.size(); c++) {
            if (weights.get(c) != 1) {
                parts.add(c + "=" + ValueType.number(weights.get(c)));
            }
        }
        return parts.isEmpty() ? "0=1" : String.join(",", parts);
    }

    /**
     * As {@link #text()}, with each weight to 4 decimals and "(rounded)" after when that changed one:
     * balanced weights (1.0006253908692933 and the like) read as 0=1.0006,...
     */
    public String shortText() {
        if (balanced || weights.stream().allMatch(w -> w == Math.round(w * 1e4) / 1e4)) {
            return text();
        }
        return of(weights.stream().map(w -> Math.round(w * 1e4) / 1e4).toList()).text() + " (rounded)";
    }

    /** n / (classes * n_c), as scikit-learn's "balanced": rarer classes weigh more. */
    public static double[] balanced(int[] counts) {
        long total = Arrays.stream(counts).asLongStream().sum();
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0 : (double) total / (counts.length * (double) counts[c]);
        }
        return w;
    }
}
