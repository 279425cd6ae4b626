package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.atelier.util.UserException;

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

    private static final String GOOD = """
            {"model":"baseline","epochs":2,"batchSize":256,"learningRate":0.002,"seed":42,"l2":0.0,
             "data":{"dataDir":null,"validationFraction":0.2,"splitSeed":42},
             "plateau":{"monitor":"val_loss","factor":0.5,"patience":2,"minDelta":1.0E-4,"minLearningRate":1.0E-5},
             "earlyStoppingPatience":0,"trainLimit":0,"validationLimit":0,"labelSmoothing":0.0,"classWeights":[],
             "offlineCopies":0,"schedule":"plateau","optimizer":"adam","batchNormMomentum":-1.0,"format":1}""";

    /** The one line a damaged config.json is refused with, its value edited as {@code from} -> {@code to}. */
    private static String refusal(String from, String to) {
        String edited = GOOD.replace(from, to);
        assertTrue(!edited.equals(GOOD), "the edit applies: " + from);
        UserException e = assertThrows(UserException.class,
                () -> TrainConfig.fromJson(Json.MAPPER.readTree(edited), java.nio.file.Path.of("r/config.json")));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("org.atelier"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theGoodFileReads() throws Exception {
        TrainConfig c = TrainConfig.fromJson(Json.MAPPER.readTree(GOOD), java.nio.file.Path.of("r/config.json"));
        assertEquals(2, c.epochs());
        assertNull(c.batchNormMomentum());
    }

    /** Each mistake in a config.json: one line naming the field and the file, nothing silently changed. */
    @Test
    void aDamagedConfigIsRefusedInOneLineNamingTheField() {
        assertEquals("plateau in r/config.json is null; give it a value or leave it out",
                refusal("\"plateau\":{\"monitor\":\"val_loss\",\"factor\":0.5,\"patience\":2,\"minDelta\":1.0E-4,"
                        + "\"minLearningRate\":1.0E-5}", "\"plateau\":null"));
        assertEquals("seed in r/config.json is null; give it a value or leave it out", refusal("\"seed\":42", "\"seed\":null"));
        assertEquals("data.validationFraction in r/config.json is null; give it a value or leave it out",
                refusal("\"validationFraction\":0.2", "\"validationFraction\":null"));
        assertEquals("epochs in r/config.json must be a whole number", refusal("\"epochs\":2", "\"epochs\":\"ten\""));
        assertEquals("epochs in r/config.json must be a whole number", refusal("\"epochs\":2", "\"epochs\":1.7"));
        assertEquals("plateau.factr in r/config.json is not a setting of this version",
                refusal("\"factor\":0.5", "\"factr\":0.5"));
        assertEquals("epochz in r/config.json is not a setting of this version", refusal("\"epochs\":2", "\"epochs\":2,\"epochz\":3"));
        assertEquals("schedule in r/config.json must be one of plateau, onecycle, got sometimes",
                refusal("\"schedule\":\"plateau\"", "\"schedule\":\"sometimes\""));
        assertEquals("format in r/config.json must be a whole number, 1 or more, got \"abc\"",
                refusal("\"format\":1", "\"format\":\"abc\""));
        assertTrue(refusal("\"learningRate\":0.002", "\"learningRate\":-0.5").contains("must be a positive number"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.MAPPER.readTree(GOOD.replace("\"epochs\":2", "\"epochs\":1,\"epochs\":2")));
    }
}
