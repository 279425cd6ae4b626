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
        assertFalse(fast.plateau().enabled());
        assertTrue(fast.augmentsOnline() && fast.augment().flip() && fast.augment().rotation() == 0);
        assertTrue(fast.augment().wholePixelShifts());
        assertEquals(2, Math.round(fast.augment().shift() * 28), "shifts of up to 2 pixels");
        assertEquals(0.5, fast.augment().erase());
        assertEquals(Fill.NEAREST, fast.augment().fill(), "zero fill measured 0.1 points worse");
        assertEquals(18, fast.epochs());
        assertEquals(128, fast.batchSize());
        assertEquals(0.1, fast.labelSmoothing());
        assertEquals(3e-3, fast.resolved().learningRate());
    }

    @Test
    void bestRecipeIsTheFastOneOnTheWiderModelForLonger() {
        TrainConfig fast = Recipes.byName("fast", DataConfig.defaults());
        TrainConfig best = Recipes.byName("best", DataConfig.defaults());
        assertEquals("fastnet-wide", best.model());
        assertEquals(Recipes.BEST_EPOCHS, best.epochs());
        assertTrue(best.epochs() > fast.epochs());
        // Everything else is the fast recipe's (configs hold arrays, so compare them as saved).
        assertEquals(org.atelier.util.Json.MAPPER.valueToTree(fast.toBuilder().set(TrainSettings.MODEL, "fastnet-wide").set(TrainSettings.EPOCHS, Recipes.BEST_EPOCHS).build()),
                org.atelier.util.Json.MAPPER.valueToTree(best));
    }

    @Test
    void unknownRecipeNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> Recipes.byName("slow", DataConfig.defaults()));
        assertEquals("unknown recipe 'slow'; known recipes: [fast, best]", e.getMessage());
    }
}
