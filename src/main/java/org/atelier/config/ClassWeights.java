package org.atelier.config;

import java.util.Arrays;
import org.atelier.data.FashionClass;
import org.atelier.util.UserException;

/** Parses class weights: "balanced", or "LABEL=WEIGHT,..." with unnamed classes at 1. */
public final class ClassWeights {
    private ClassWeights() {}

    /**
     * @param spec the option's text
     * @param trainCounts images per class in the training data, for "balanced"
     */
    public static double[] parse(String spec, int[] trainCounts) {
        if (spec == null || spec.isBlank()) {
            return new double[0];
        }
        if (spec.equals("balanced")) {
            return balanced(trainCounts);
        }
        double[] w = new double[FashionClass.COUNT];
        Arrays.fill(w, 1);
        boolean[] given = new boolean[FashionClass.COUNT];
        for (String part : spec.split(",")) {
            String[] kv = part.split("=");
            try {
                if (kv.length != 2) {
                    throw new NumberFormatException();
                }
                int label = Integer.parseInt(kv[0].strip());
                double weight = Double.parseDouble(kv[1].strip());
                if (label < 0 || label >= FashionClass.COUNT || !(weight >= 0) || Double.isInfinite(weight)) {
                    throw new NumberFormatException();
                }
                if (given[label]) {
                    throw new UserException("--class-weights names class " + label + " twice ('" + spec + "')");
                }
                given[label] = true;
                w[label] = weight;
            } catch (NumberFormatException e) {
                throw new UserException("--class-weights: '" + part + "' is not LABEL=WEIGHT with a label 0-9 and a "
                        + "non-negative weight (e.g. 0=1.5,6=2, or balanced)");
            }
        }
        return w;
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
