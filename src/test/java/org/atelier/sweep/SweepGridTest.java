package org.atelier.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepGridTest {
    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void yamlAndJsonReadTheSameGrid() throws Exception {
        SweepGrid yaml = SweepGrid.read(file("g.yaml", """
                fixed: {model: fastnet, epochs: 3, flip: true}
                vary:
                  lr: [0.001, 0.003]
                  batch-size: [128, 256]
                seeds: [1, 2]
                """), List.of(42L));
        SweepGrid json = SweepGrid.read(file("g.json", """
                {"fixed": {"model": "fastnet", "epochs": 3, "flip": true},
                 "vary": {"lr": [0.001, 0.003], "batch-size": [128, 256]}, "seeds": [1, 2]}
                """), List.of(42L));

        assertEquals(yaml.fixed(), json.fixed());
        assertEquals(yaml.varied(), json.varied());
        assertEquals(yaml.seeds(), json.seeds());
        assertEquals(Map.of("model", "fastnet", "epochs", "3", "flip", "true"), yaml.fixed());
        assertEquals(List.of(1L, 2L), yaml.seeds());
    }

    @Test
    void combinationsVaryTheFirstOptionSlowestAndCarryTheFixedOnes() {
        SweepGrid grid = new SweepGrid(Map.of("model", "fastnet"),
                new java.util.LinkedHashMap<>(Map.of("lr", List.of("0.001", "0.003"))), List.of(7L))
                .with(Map.of(), Map.of("batch-size", List.of("128", "256")), List.of(), org.atelier.config.SettingSource.COMMAND_LINE);

        List<Map<String, String>> combinations = grid.combinations();

        assertEquals(List.of(
                Map.of("model", "fastnet", "lr", "0.001", "batch-size", "128"),
                Map.of("model", "fastnet", "lr", "0.001", "batch-size", "256"),
                Map.of("model", "fastnet", "lr", "0.003", "batch-size", "128"),
                Map.of("model", "fastnet", "lr", "0.003", "batch-size", "256")), combinations);
        assertEquals(List.of("lr", "batch-size"), List.copyOf(combinations.get(0).keySet()).subList(1, 3), "the grid's order");
        assertEquals("lr=0.003 batch-size=128", grid.label(combinations.get(2)));
        assertEquals(List.of(7L), grid.seeds(), "the file's seeds stay when the command line gives none");
    }

    @Test
    void theCommandLineWinsOverTheFile() {
        SweepGrid file = new SweepGrid(Map.of("epochs", "3"), Map.of("lr", List.of("0.001", "0.003")), List.of(1L));

        SweepGrid merged = file.with(Map.of("lr", "0.002"), Map.of("epochs", List.of("2", "4")), List.of(5L, 6L),
                org.atelier.config.SettingSource.COMMAND_LINE);

        assertEquals(Map.of("lr", "0.002"), merged.fixed());
        assertEquals(Map.of("epochs", List.of("2", "4")), merged.varied());
        assertEquals(List.of(5L, 6L), merged.seeds());
    }

    @Test
    void aScalarToVaryIsOneValueAndMissingSeedsTakeTheDefault() throws Exception {
        SweepGrid grid = SweepGrid.read(file("g.json", "{\"vary\": {\"lr\": 0.001}}"), List.of(42L));

        assertEquals(Map.of("lr", List.of("0.001")), grid.varied());
        assertEquals(List.of(42L), grid.seeds());
    }

    @Test
    void badGridsAreOneLineErrors() throws Exception {
        assertEquals("sweep file " + tmp.resolve("a.json") + ": unknown section 'vari'; the sections are ",
                message(file("a.json", "{\"vari\": {}}")).replaceAll("\\[.*]$", ""));
        assertEquals("sweep file " + tmp.resolve("b.json") + ": 'lr' must be a plain value (a number, word or true/false), "
                + "got {\"x\":1}", message(file("b.json", "{\"vary\": {\"lr\": [{\"x\": 1}]}}")));
        assertEquals("sweep file " + tmp.resolve("c.json") + ": seeds must be whole numbers, got 1.5",
                message(file("c.json", "{\"seeds\": [1.5]}")));
        assertEquals("sweep: give seeds as 'seeds' (--seeds), not as an option", message(file("d.json", "{\"fixed\": {\"seed\": 3}}")));
        assertEquals("sweep: a seed is given twice in [1, 1]", message(file("e.json", "{\"seeds\": [1, 1]}")));
        assertEquals("sweep: 'lr' is given no values to vary over", message(file("f.json", "{\"vary\": {\"lr\": []}}")));
        assertEquals("sweep file " + tmp.resolve("g.json") + " does not exist", message(tmp.resolve("g.json")));
        String broken = message(file("h.yaml", "fixed: [unclosed"));
        assertEquals(true, broken.startsWith("sweep file " + tmp.resolve("h.yaml") + " is not valid YAML: "), broken);
        // one line with where it is, not SnakeYAML's six quoting the file
        assertEquals("sweep file " + tmp.resolve("i.yaml") + " is not valid YAML: expected ',' or ']', but got : at line 3, "
                + "column 6, while parsing a flow sequence from line 2", message(file("i.yaml", "vary:\n  lr: [0.001, 0.0005\nfixed: {epochs: 1}\n")));
        assertEquals("sweep file " + tmp.resolve("j.json") + " is not valid JSON: Unexpected character ('}' (code 125)): expected "
                + "a value at line 1, column 20", message(file("j.json", "{\"vary\": {\"lr\": [1,}}")));
        assertThrows(UserException.class, () -> new SweepGrid(Map.of("lr", "1"), Map.of("lr", List.of("2")), List.of(1L)));
    }

    private static String message(Path file) {
        return assertThrows(UserException.class, () -> SweepGrid.read(file, List.of(42L))).getMessage();
    }

    /** A run's label names settings as help does: the option's own name for an alias, numbers as typed ("5e-4"). */
    @Test
    void labelsNameSettingsAndNumbersAsHelpDoes() throws Exception {
        SweepGrid grid = SweepGrid.read(file("k.yaml", "vary:\n  learning-rate: [0.001, 0.0005]\n  flip: [true, false]\n"),
                List.of(42L));
        assertEquals(List.of("lr=0.001 flip=on", "lr=0.001 flip=off", "lr=5e-4 flip=on", "lr=5e-4 flip=off"),
                grid.combinations().stream().map(grid::label).toList());
    }

    /** A setting under its alias is the same setting: lr fixed and learning-rate varied lost the fixed value without a word. */
    @Test
    void aSettingUnderTwoNamesIsOneSetting() throws Exception {
        assertEquals("sweep: 'lr' is both fixed and varied",
                message(file("l.yaml", "fixed: {epochs: 1, lr: 0.001}\nvary: {learning-rate: [0.002]}\n")));
        assertEquals("sweep: 'lr' is given twice, as 'lr' and 'learning-rate'",
                message(file("m.yaml", "fixed: {lr: 0.001, learning-rate: 0.002}\n")));
        // from the command line, --fix of an alias replaces the file's varied setting as its own name would
        SweepGrid grid = SweepGrid.read(file("n.yaml", "vary: {lr: [0.001, 0.002]}\n"), List.of(1L))
                .with(Map.of("learning-rate", "0.003"), Map.of(), List.of(), org.atelier.config.SettingSource.COMMAND_LINE);
        assertEquals(Map.of("lr", "0.003"), grid.fixed());
        assertEquals(Map.of(), grid.varied());
    }
}
