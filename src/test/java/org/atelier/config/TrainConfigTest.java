package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.atelier.util.Json;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    /** A config.json written before the newer settings existed still reads, with their old meaning. */
    @Test
    void aConfigFromBeforeTheNewerSettingsReadsWithTheirDefaults() throws Exception {
        String saved = """
                {"model":"cnn4b","epochs":30,"batchSize":256,"learningRate":-1.0,"seed":42,"l2":-1.0,
                 "data":{"dataDir":null,"validationFraction":0.2,"splitSeed":42},
                 "plateau":{"monitor":"val_loss","factor":0.5,"patience":2,"minDelta":1.0E-4,"minLearningRate":1.0E-5},
                 "earlyStoppingPatience":8,"trainLimit":0,"validationLimit":0,"labelSmoothing":0.0,"classWeights":[],
                 "offlineCopies":0,"schedule":"plateau","optimizer":"adam"}""";
        TrainConfig c = Json.MAPPER.readValue(saved, TrainConfig.class).validate();
        assertEquals(-1.0, c.batchNormMomentum(), "the model's own BatchNorm momentum");
        assertEquals(0.0, c.ema());
        assertEquals(java.util.List.of(), c.extensions());
        assertEquals(Monitor.VAL_LOSS, c.plateau().monitor());
        assertEquals(TrainConfig.defaults().augment(), c.augment());
    }

    @Test
    void differencesNameEachSettingThatDiffers() {
        TrainConfig a = TrainConfig.defaults();
        TrainConfig b = a.toBuilder().epochs(30).plateau(a.plateau().withPatience(5)).build();
        assertEquals(java.util.List.of("epochs: 10 -> 30", "plateau.patience: 2 -> 5"), a.differencesFrom(b));
        assertEquals(java.util.List.of(), a.differencesFrom(a.toBuilder().build()));
    }
}
