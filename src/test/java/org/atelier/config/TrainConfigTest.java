package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
        TrainConfig c = TrainConfig.fromJson(Json.MAPPER.readTree(saved), java.nio.file.Path.of("old/config.json"));
        assertNull(c.batchNormMomentum(), "the model's own BatchNorm momentum");
        assertNull(c.learningRate(), "-1 in a file: the model's own rate");
        assertNull(c.l2(), "-1 in a file: the model's own L2");
        assertEquals(DropoutSeeds.PER_EPOCH, c.dropoutSeeds(), "written before per-batch seeds existed");
        assertEquals(-1.0, c.toJson().get("batchNormMomentum").asDouble(), "written back as files have it");
        assertEquals(0.0, c.ema());
        assertEquals(java.util.List.of(), c.extensions());
        assertEquals(Monitor.VAL_LOSS, c.plateau().monitor());
        assertEquals(TrainConfig.defaults().augment(), c.augment());
    }

    @Test
    void differencesNameEachSettingThatDiffers() {
        TrainConfig a = TrainConfig.defaults();
        TrainConfig b = a.toBuilder().set(TrainSettings.EPOCHS, 30).plateau(a.plateau().withPatience(5)).build();
        assertEquals(java.util.List.of("epochs: 10 -> 30", "plateau.patience: 2 -> 5"), a.differencesFrom(b));
        assertEquals(java.util.List.of(), a.differencesFrom(a.toBuilder().build()));
    }
}
