package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atelier.data.DataConfig;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class RecipesTest {
    @Test
    void fastRecipeTrainsFastnetOnAllImagesWithOneCycle() {
        TrainConfig fast = Recipes.byName("fast", DataConfig.defaults());
        assertEquals("fastnet", fast.model());
        assertEquals(0, fast.data().validationFraction(), "all 60,000 training images");
        assertEquals(TrainConfig.ONE_CYCLE, fast.schedule());
        assertFalse(fast.plateau().enabled());
        assertTrue(fast.augmentsOnline() && fast.augment().flip() && fast.augment().rotation() == 0);
        assertTrue(fast.augment().wholePixelShifts());
        assertEquals(2, Math.round(fast.augment().shift() * 28), "shifts of up to 2 pixels");
        assertEquals(0.5, fast.augment().erase());
        assertEquals(18, fast.epochs());
        assertEquals(128, fast.batchSize());
        assertEquals(0.1, fast.labelSmoothing());
        assertEquals(3e-3, fast.resolved().learningRate());
    }

    @Test
    void unknownRecipeNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> Recipes.byName("slow", DataConfig.defaults()));
        assertEquals("unknown recipe 'slow'; known recipes: [fast]", e.getMessage());
    }
}
