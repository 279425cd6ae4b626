package org.atelier.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a set into training and validation parts with the same class proportions: each class
 * gives round(n * fraction) of its images, chosen at random under the seed, to validation.
 */
public record StratifiedSplit(ImageSet train, ImageSet validation, int[] trainIndices, int[] validationIndices) {

    public static StratifiedSplit of(ImageSet all, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1): " + validationFraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < FashionClass.COUNT; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.label(i)).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            Shuffle.inPlace(shuffled, random);
            int validationCount = (int) Math.round(shuffled.length * validationFraction);
            for (int k = 0; k < shuffled.length; k++) {
                (k < validationCount ? validation : train).add(shuffled[k]);
            }
        }
        int[] trainIdx = train.stream().mapToInt(Integer::intValue).toArray();
        int[] validationIdx = validation.stream().mapToInt(Integer::intValue).toArray();
        // Mix the classes, which the per-class loop left in blocks.
        Shuffle.inPlace(trainIdx, random);
        Shuffle.inPlace(validationIdx, random);
        return new StratifiedSplit(all.subset(trainIdx), all.subset(validationIdx), trainIdx, validationIdx);
    }
}
