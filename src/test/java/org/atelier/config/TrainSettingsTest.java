package org.atelier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' declarations: one source of configurations, help, docs and messages. */
class TrainSettingsTest {
    @TempDir
    Path tmp;

    /** docs/settings.md's table is the declarations', so the docs cannot drift from the code. */
    @Test
    void theDocsTableIsMadeFromTheDeclarations() throws IOException {
        Path docs = Path.of("docs", "settings.md");
        String generated = SettingsTable.markdown(TrainSettings.ALL);
        String written = Files.readString(docs);
        if (!written.contains(generated)) {
            Path fresh = Path.of("target", "settings-table.md");
            Files.writeString(fresh, generated);
            throw new AssertionError(docs + " does not hold the settings' table as declared; put " + fresh + " in it");
        }
    }

    @Test
    void everySettingHasOneNameAndReadsItsDefaultBack() {
        List<String> names = TrainSettings.ALL.stream().map(Setting::name).toList();
        assertEquals(names.size(), names.stream().distinct().count(), "no name twice: " + names);
        assertEquals("10", TrainSettings.EPOCHS.defaultText());
        assertEquals("0.5", TrainSettings.PLATEAU_FACTOR.defaultText());
        assertEquals("1e-5", TrainSettings.MIN_LEARNING_RATE.defaultText(), "as users type it, not 1.0E-5");
        assertEquals("val_loss", TrainSettings.PLATEAU_MONITOR.defaultText());
        assertEquals("all", TrainSettings.TRAIN_LIMIT.defaultText());
        assertTrue(TrainSettings.LEARNING_RATE.defaultText().contains("0.002 for baseline"), TrainSettings.LEARNING_RATE.defaultText());
        assertTrue(TrainSettings.BATCH_NORM_MOMENTUM.defaultText().contains("0.99 for baseline"));
        assertEquals(TrainSettings.LEARNING_RATE, TrainSettings.byName("learning-rate").orElseThrow(), "an alias");
    }

    /** The same settings make the same configuration from the command line, a grid file and a config.json. */
    @Test
    void theCommandLineAGridAndAConfigFileMakeOneConfiguration() {
        SettingValues typed = new SettingValues(SettingSource.COMMAND_LINE).putText("model", "fastnet").putText("epochs", "3")
                .putText("shift-pixels", "2").putText("flip", "true").putText("lr", "0.004").putText("class-weights", "6=2");
        TrainConfig fromText = typed.toConfig(null);

        TrainConfig byHand = TrainConfig.defaults().toBuilder().set(TrainSettings.MODEL, "fastnet").set(TrainSettings.EPOCHS, 3)
                .set(TrainSettings.LEARNING_RATE, 0.004).classWeights(1, 1, 1, 1, 1, 1, 2, 1, 1, 1)
                .augment(new AugmentConfig(2 / 28.0, 0, 0, true, 0, true, 0)).build();
        assertEquals(byHand.toJson(), fromText.toJson());
        assertEquals(byHand.toJson(), TrainConfig.fromJson(fromText.toJson(), tmp.resolve("config.json")).toJson(),
                "read back from its JSON form");
        assertEquals(2, TrainSettings.SHIFT_PIXELS.valueIn(fromText), "read back as users gave it");
        assertNull(TrainSettings.SHIFT.valueIn(fromText), "not the other way of shifting");
    }

    @Test
    void aRefusalNamesTheSettingAsItsSourceDoes() {
        SettingValues grid = new SettingValues(SettingSource.file(Path.of("grid.yaml")));
        assertEquals("'epochs' in grid.yaml must be at least 1, got 0",
                assertThrows(UserException.class, () -> grid.putText("epochs", "0")).getMessage());
        assertEquals("'epochs' in grid.yaml: 'ten' is not a whole number",
                assertThrows(UserException.class, () -> grid.putText("epochs", "ten")).getMessage());
        assertEquals("'speed' in grid.yaml is not a training setting; see ./atelier train --help (settings are named as its "
                + "options, without dashes)", assertThrows(UserException.class, () -> grid.putText("speed", "1")).getMessage());

        ObjectNode json = TrainConfig.defaults().toJson();
        ((ObjectNode) json.get("plateau")).put("factor", 2.0);
        Path file = tmp.resolve("config.json");
        assertEquals("plateau.factor in " + file + " must be in [0, 1) (0 switches it off), got 2",
                assertThrows(UserException.class, () -> TrainConfig.fromJson(json, file)).getMessage());

        SettingValues both = new SettingValues(SettingSource.COMMAND_LINE).putText("shift", "0.1").putText("shift-pixels", "2");
        assertEquals("--shift and --shift-pixels exclude each other",
                assertThrows(UserException.class, () -> both.toConfig(null)).getMessage());
    }

    @Test
    void aConfigurationOfANewerAtelierIsRefusedNamingItsFormat() {
        ObjectNode json = TrainConfig.defaults().toJson();
        json.put(TrainConfig.FORMAT_KEY, TrainConfig.FORMAT + 1);
        Path file = tmp.resolve("config.json");
        assertEquals(file + " was written by a newer Atelier (configuration format " + (TrainConfig.FORMAT + 1) + "; this one "
                + "reads up to " + TrainConfig.FORMAT + "); train it with that version, or update Atelier",
                assertThrows(UserException.class, () -> TrainConfig.fromJson(json, file)).getMessage());
    }

    /** --augment-offline alone copies with the study's augmentation; any augmentation setting of its own replaces it. */
    @Test
    void offlineCopiesWithoutSettingsOfTheirOwnUseTheStudysAugmentation() {
        TrainConfig alone = new SettingValues(SettingSource.COMMAND_LINE).putText("augment-offline", "2").toConfig(null);
        assertEquals(AugmentConfig.study(), alone.augment());
        TrainConfig own = new SettingValues(SettingSource.COMMAND_LINE).putText("augment-offline", "2").putText("zoom", "0.2")
                .toConfig(null);
        assertEquals(new AugmentConfig(0, 0.2, 0, false, 0), own.augment());
    }

    @Test
    void balancedClassWeightsAreWorkedOutFromTheTrainingImages() {
        SettingValues values = new SettingValues(SettingSource.COMMAND_LINE).putText("class-weights", "balanced");
        int[] counts = {100, 100, 100, 100, 100, 100, 100, 100, 100, 400};
        List<Double> w = values.toConfig(counts).classWeights();
        // 1,300 images over 10 classes: 1300 / (10 * 100) = 1.3, and 1300 / (10 * 400) = 0.325.
        assertEquals(1.3, w.get(0), 1e-12);
        assertEquals(0.325, w.get(9), 1e-12);
    }

    @Test
    void numbersAreShownAsUsersTypeThem() {
        assertEquals("0.002", ValueType.number(0.002));
        assertEquals("1e-5", ValueType.number(1e-5));
        assertEquals("5e-5", ValueType.number(5e-5));
        assertEquals("10", ValueType.number(10.0));
        assertEquals("0.15", ValueType.number(0.15));
        assertEquals("5e-4", ValueType.number(5e-4));
        assertEquals("2.5e-4", ValueType.number(2.5e-4));
        assertEquals("1e-4", ValueType.number(1e-4));
        assertEquals("0.001", ValueType.number(1e-3));
        assertEquals("-3e-6", ValueType.number(-3e-6));
    }

    /** A default that help gives as one word can be typed back: "(default: all)" means --train-limit all works. */
    @Test
    void everyOneWordDefaultIsAValueTheCommandLineTakes() {
        List<String> refused = new java.util.ArrayList<>();
        for (Setting<?> s : TrainSettings.ALL) {
            String text = s.defaultText();
            if (s.isSwitch()) {
                // a switch takes no value; help says on or off, as the run's page does
                if (!text.equals("off") && !text.equals("on")) {
                    refused.add(s.option() + " (default: " + text + ")");
                }
            } else if (!text.contains(" ")) {
                problemTyping(s, text).ifPresent(problem -> refused.add(s.option() + " " + text + ": " + problem));
            }
        }
        assertEquals(List.of(), refused);
    }

    private static <T> java.util.Optional<String> problemTyping(Setting<T> s, String text) {
        try {
            return s.problem(s.parse(text));
        } catch (ValueType.BadValue e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** "all" and "none" typed make the configuration that leaving the settings out makes, config.json and all. */
    @Test
    void allAndNoneTypedAreTheDefaults() {
        TrainConfig typed = new SettingValues(SettingSource.COMMAND_LINE).putText("train-limit", "all")
                .putText("validation-limit", "all").putText("class-weights", "none").toConfig(null);
        assertEquals(TrainConfig.defaults(), typed);
        assertEquals(0, typed.trainLimit(), "kept as before");
        TrainConfig limited = new SettingValues(SettingSource.COMMAND_LINE).putText("train-limit", "500").toConfig(null);
        assertEquals(500, limited.trainLimit());
        ValueType.BadValue bad = assertThrows(ValueType.BadValue.class, () -> TrainSettings.TRAIN_LIMIT.parse("every"));
        assertEquals("'every' is not a whole number or all", bad.getMessage());
        assertEquals("must be at least 1, or all, got 0", TrainSettings.TRAIN_LIMIT.problem(0).orElseThrow());
        // values are read as help lists them, in one case: "ALL" is refused as "ADAM" and "BASELINE" are
        assertThrows(ValueType.BadValue.class, () -> TrainSettings.TRAIN_LIMIT.parse("ALL"));
        assertTrue(TrainSettings.MODEL.problem("BASELINE").isPresent());
        // a switch typed in a file reads on/off or true/false
        assertEquals(true, TrainSettings.FLIP.parse("on"));
        assertEquals(false, TrainSettings.FLIP.parse("false"));
        assertEquals("off", TrainSettings.FLIP.show(false));
        // a default typed back asks for nothing: --shift 0 beside --shift-pixels 2 is no clash
        TrainConfig pixels = new SettingValues(SettingSource.COMMAND_LINE).putText("shift", "0").putText("shift-pixels", "2")
                .toConfig(null);
        assertTrue(pixels.augment().wholePixelShifts());
        assertEquals("1e30", ValueType.number(1e30), "not thirty-one digits");
        assertEquals("2.5e6", ValueType.number(2.5e6));
        assertEquals("999999", ValueType.number(999999));
    }

    /** A run's page shows switches as on or off, and balanced class weights to 4 decimals. */
    @Test
    void aRunsPageShowsSwitchesAndLongWeightsReadably() {
        TrainConfig config = new SettingValues(SettingSource.COMMAND_LINE).putText("flip", "true").putText("class-weights", "balanced")
                .toConfig(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 6});
        java.util.Map<String, String> shown = new java.util.HashMap<>();
        TrainSettings.shown(config).forEach(s -> shown.put(s.setting().option(), s.value()));
        assertEquals("on", shown.get("--flip"));
        assertEquals("off", shown.get("--alternate-flips"));
        // 33 images: 33 / (10 * 3) = 1.1 for nine classes, 33 / (10 * 6) = 0.55 for the last; exact, so not rounded
        assertEquals("0=1.1,1=1.1,2=1.1,3=1.1,4=1.1,5=1.1,6=1.1,7=1.1,8=1.1,9=0.55", shown.get("--class-weights"));
        TrainConfig odd = new SettingValues(SettingSource.COMMAND_LINE).putText("class-weights", "balanced")
                .toConfig(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 7});
        TrainSettings.shown(odd).forEach(s -> shown.put(s.setting().option(), s.value()));
        // 34 images: 34 / 30 = 1.13333..., 34 / 70 = 0.485714...
        assertEquals("0=1.1333,1=1.1333,2=1.1333,3=1.1333,4=1.1333,5=1.1333,6=1.1333,7=1.1333,8=1.1333,9=0.4857 (rounded)",
                shown.get("--class-weights"));
    }
}
