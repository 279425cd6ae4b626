package org.atelier.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atelier.config.TrainConfig;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuning search's space: read from its file, refused in one line, drawn reproducibly. */
class SearchSpaceTest {
    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** Each distribution maps a uniform draw u to its value, worked by hand. */
    @Test
    void eachDistributionMapsADrawAsWorkedByHand() {
        // log-uniform over [1e-4, 1e-2] at u = 0.5: exp((ln 1e-4 + ln 1e-2) / 2) = 1e-3
        assertEquals("0.001", new SearchSpace.LogUniform(1e-4, 1e-2).at(0.5));
        // at u = 0.25: 10^(-4 + 0.5) = 3.1623e-4, to 3 digits 3.16e-4
        assertEquals("3.16e-4", new SearchSpace.LogUniform(1e-4, 1e-2).at(0.25));
        // uniform over [0, 0.2] at u = 0.3: 0.06
        assertEquals("0.06", new SearchSpace.Uniform(0, 0.2).at(0.3));
        // rounding never leaves the range: 0.0999999 rounds to 0.1, above 0.09999
        assertEquals("0.09999", new SearchSpace.Uniform(0, 0.09999).at(0.999999999));
        // int over [1, 3]: thirds of [0, 1) give 1, 2, 3
        assertEquals(List.of("1", "1", "2", "3", "3"), List.of(0.0, 0.333, 0.34, 0.67, 0.9999).stream()
                .map(u -> new SearchSpace.Whole(1, 3).at(u)).toList());
        assertEquals(List.of("128", "256"), List.of(0.49, 0.5).stream().map(u -> new SearchSpace.Choice(List.of("128", "256")).at(u))
                .toList());
    }

    @Test
    void aTrialsDrawDependsOnlyOnTheSeedAndTheTrial() throws Exception {
        SearchSpace space = SearchSpace.read(file("s.yaml", """
                fixed: {model: fastnet, l2: 0.0001}
                search:
                  learning-rate: {loguniform: [0.0005, 0.005]}
                  label-smoothing: {uniform: [0, 0.2]}
                  batch-size: {choice: [128, 256]}
                  shift-pixels: {int: [0, 3]}
                """));
        assertEquals(List.of("lr", "label-smoothing", "batch-size", "shift-pixels"), List.copyOf(space.searched().keySet()),
                "by the options' own names");
        assertEquals(space.draw(7, 3), space.draw(7, 3));
        assertNotEquals(space.draw(7, 3), space.draw(7, 4));
        assertNotEquals(space.draw(7, 3), space.draw(8, 3));
        Set<String> batches = new HashSet<>();
        for (int t = 1; t <= 200; t++) {
            Map<String, String> d = space.draw(7, t);
            double lr = Double.parseDouble(d.get("lr"));
            assertTrue(lr >= 0.0005 && lr <= 0.005, d.toString());
            batches.add(d.get("batch-size"));
            TrainConfig config = space.settings(7, t).toConfig(null);
            assertEquals("fastnet", config.model());
            assertEquals(0.0001, config.l2(), 0);
            assertEquals(lr, config.learningRate(), 0);
        }
        assertEquals(Set.of("128", "256"), batches);
    }

    @Test
    void aBadSpaceIsOneLineNamingWhatIsWrong() throws Exception {
        assertEquals("search space " + tmp.resolve("a.yaml") + ": unknown setting 'learningrate' (the settings are train's options "
                + "without dashes, e.g. lr, batch-size, label-smoothing)", message(file("a.yaml", "search: {learningrate: {uniform: [0, 1]}}")));
        assertEquals("search space " + tmp.resolve("b.yaml") + ": l2: loguniform needs low > 0, got [0,0.1]",
                message(file("b.yaml", "search: {l2: {loguniform: [0, 0.1]}}")));
        assertEquals("search space " + tmp.resolve("b2.yaml") + ": lr must be a positive number, got 0",
                message(file("b2.yaml", "search: {lr: {uniform: [0, 0.1]}}")));
        assertEquals("search space " + tmp.resolve("c.yaml") + ": lr: uniform needs low < high, got [0.1,0.01]",
                message(file("c.yaml", "search: {lr: {uniform: [0.1, 0.01]}}")));
        assertEquals("search space " + tmp.resolve("d.yaml") + ": label-smoothing must be in [0, 1), got 1.5",
                message(file("d.yaml", "search: {label-smoothing: {uniform: [0, 1.5]}}")));
        assertEquals("search space " + tmp.resolve("e.yaml") + ": lr: unknown distribution 'normal'; the distributions are choice, "
                + "uniform, loguniform, int", message(file("e.yaml", "search: {lr: {normal: [0, 1]}}")));
        assertEquals("search space " + tmp.resolve("f.yaml") + ": --lr is given twice (fixed and searched, or under two names)",
                message(file("f.yaml", "fixed: {learning-rate: 0.001}\nsearch: {lr: {uniform: [0.001, 0.01]}}")));
        assertEquals("search space " + tmp.resolve("g0.yaml") + ": a trial's full length is tune's --max-epochs, not a setting of the "
                + "space", message(file("g0.yaml", "fixed: {epochs: 3}\nsearch: {lr: {uniform: [0.001, 0.01]}}")));
        assertTrue(message(file("g.yaml", "fixed: {l2: 0.001}")).endsWith(" searches nothing: give at least one setting under "
                + "'search' (e.g. search: {lr: {loguniform: [0.0005, 0.005]}}); a grid of fixed values is a sweep"));
        assertEquals("search space " + tmp.resolve("h.yaml") + ": rotation: int takes whole numbers, got [0,2.5]",
                message(file("h.yaml", "search: {rotation: {int: [0, 2.5]}}")));
        assertEquals("search space " + tmp.resolve("h2.yaml") + ": shift-pixels: '2.5' is not a whole number",
                message(file("h2.yaml", "search: {shift-pixels: {uniform: [0, 2.5]}}")));
        assertEquals("search space " + tmp.resolve("h3.yaml") + ": shift-pixels: uniform draws values such as 1.5, and '1.5' is not "
                + "a whole number (draw whole numbers with {int: [lo, hi]})",
                message(file("h3.yaml", "search: {shift-pixels: {uniform: [0, 3]}}")));
        assertEquals("search space " + tmp.resolve("i.yaml") + ": optimizer: expected one of [adam, sgd], got 'rmsprop'",
                message(file("i.yaml", "search: {optimizer: {choice: [adam, rmsprop]}}")));
        assertEquals("search space " + tmp.resolve("j.yaml") + ": unknown section 'serch'; the sections are [fixed, search]",
                message(file("j.yaml", "serch: {}")));
        assertEquals("search space " + tmp.resolve("k.yaml") + ": the trials' training seed is tune's --seed, not a setting of the "
                + "space", message(file("k.yaml", "search: {seed: {int: [1, 5]}}")));
    }

    private static String message(Path file) {
        return assertThrows(UserException.class, () -> SearchSpace.read(file)).getMessage();
    }
}
