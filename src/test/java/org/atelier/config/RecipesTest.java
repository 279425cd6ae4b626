package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atelier.augmentation.Fill;
import org.atelier.data.DataConfig;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class RecipesTest {
    @Test
    void fastRecipeTrainsFastnetOnAllImagesWithOneCycle() {
        TrainConfig fast = Recipes.byName("fast", DataConfig.defaults());
        assertEquals("fastnet", fast.model());
        assertEquals(0, fast.data().validationFraction(), "all 60,000 training images");
        assertEquals(org.atelier.config.Schedule.ONE_CYCLE, fast.schedule());
        assertTrue(fast.augmentsOnline() && fast.augment().flip() && fast.augment().rotation() == 0);
        assertTrue(fast.augment().wholePixelShifts());
        assertEquals(2, Math.round(fast.augment().shift() * 28), "shifts of up to 2 pixels");
        assertEquals(Fill.NEAREST, fast.augment().fill(), "zero fill measured 0.1 points worse");
        assertEquals(18, fast.epochs());
        assertEquals(128, fast.batchSize());
    }

    /**
     * The fast recipe is the tuning search's choice, made on its validation split: the settings of
     * results/recipes/fast/search/best.yaml (read as `train --config` reads them) on all the training images.
     */
    @Test
    void fastRecipeIsTheTuningSearchsBestTrialOnAllImages() {
        java.nio.file.Path chosen = java.nio.file.Path.of("results", "recipes", "fast", "search", "best.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(chosen), "the published search");
        TrainConfig tuned = org.atelier.sweep.SettingsFile.read(chosen).put(TrainSettings.VALIDATION_FRACTION, 0.0)
                .put(TrainSettings.SEED, 7L).toConfig(null);
        TrainConfig recipe = Recipes.byName("fast", DataConfig.defaults()).toBuilder().set(TrainSettings.SEED, 7L).build();
        assertEquals(org.atelier.util.Json.MAPPER.valueToTree(tuned), org.atelier.util.Json.MAPPER.valueToTree(recipe));
        assertEquals(0.0734, recipe.labelSmoothing(), "by hand from best.yaml");
        assertEquals(0.636, recipe.augment().erase());
        assertEquals(0.00363, recipe.resolved().learningRate());
    }

    /** The best recipe keeps the settings it was measured with: the fast recipe's from before its search, on fastnet-wide. */
    @Test
    void bestRecipeKeepsItsMeasuredSettings() {
        TrainConfig best = Recipes.byName("best", DataConfig.defaults());
        assertEquals("fastnet-wide", best.model());
        assertEquals(24, best.epochs());
        assertEquals(128, best.batchSize());
        assertEquals(3e-3, best.resolved().learningRate());
        assertEquals(0.1, best.labelSmoothing());
        assertEquals(0.5, best.augment().erase());
        assertFalse(best.plateau().enabled());
        assertEquals(0, best.data().validationFraction());
    }

    @Test
    void unknownRecipeNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> Recipes.byName("slow", DataConfig.defaults()));
        assertEquals("unknown recipe 'slow'; known recipes: [fast, best]", e.getMessage());
    }
}
