package org.atelier.cli;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.atelier.config.Recipes;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

/** What `train --recipe` lets a user change, read through the real command line. */
class RecipeOptionsTest {
    private static TrainCommand parsed(String... args) {
        var result = AtelierCli.commandLine().parseArgs(args);
        return (TrainCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void aValidationFractionHoldsOutThatShareAndChangesNothingElse() {
        TrainCommand train = parsed("train", "--recipe", "fast", "--validation-fraction", "0.2", "--split-seed", "7", "--seed", "3");

        TrainConfig config = train.newRunSettings().toConfig(null);

        assertEquals(new DataConfig(null, 0.2, 7), config.data());
        TrainConfig expected = Recipes.byName("fast", DataConfig.defaults()).toBuilder()
                .set(TrainSettings.SEED, 3L).data(new DataConfig(null, 0.2, 7)).build();
        assertEquals(Json.MAPPER.valueToTree(expected), Json.MAPPER.valueToTree(config));
    }

    @Test
    void withoutOneTheRecipeTrainsOnEveryImage() {
        TrainCommand train = parsed("train", "--recipe", "fast");

        assertEquals(0, train.newRunSettings().toConfig(null).data().validationFraction());
        TrainCommand seedOnly = parsed("train", "--recipe", "fast", "--split-seed", "7");
        UserException e = assertThrows(UserException.class, () -> seedOnly.newRunSettings().toConfig(null));
        assertEquals("recipe fast trains on every training image: --split-seed applies only with --validation-fraction",
                e.getMessage());
    }

    @Test
    void settingsTheRecipeFixesAreRefusedByName() {
        TrainCommand train = parsed("train", "--recipe", "fast", "--batch-size", "64", "--erase", "0");

        UserException e = assertThrows(UserException.class, () -> train.newRunSettings().toConfig(null));
        assertEquals("recipe fast fixes the training settings; only [--seed, --epochs, --data, --validation-fraction, "
                + "--split-seed] apply beside it, not --batch-size, --erase", e.getMessage());
    }
}
