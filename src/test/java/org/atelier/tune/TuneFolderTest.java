package org.atelier.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.config.Monitor;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log a search is rebuilt from: one event a line, a line cut by a crash dropped, damage refused. */
class TuneFolderTest {
    @TempDir
    Path tmp;

    private TuneFolder folder() throws Exception {
        SearchSpace space = SearchSpace.read(Files.writeString(tmp.resolve("s.yaml"), "search: {lr: {uniform: [0.001, 0.01]}}\n"));
        return TuneFolder.open(tmp.resolve("t"), space, new TuneSettings(3, 9, 1, 3, Monitor.VAL_ACCURACY, 1));
    }

    @Test
    void eventsAreWrittenOneALineAndReadBack() throws Exception {
        TuneFolder f = folder();
        f.append(TuneEvent.started(1));
        f.append(TuneEvent.recorded(1, 0, 0.8125));
        f.append(TuneEvent.failed(2, 0, "the loss became NaN"));
        assertEquals(List.of("{\"event\":\"started\",\"trial\":1}", "{\"event\":\"recorded\",\"trial\":1,\"rung\":0,\"metric\":0.8125}",
                "{\"event\":\"failed\",\"trial\":2,\"rung\":0,\"message\":\"the loss became NaN\"}"),
                Files.readAllLines(f.file(TuneFolder.EVENTS)));
        assertEquals(List.of(TuneEvent.started(1), TuneEvent.recorded(1, 0, 0.8125), TuneEvent.failed(2, 0, "the loss became NaN")),
                f.events());
    }

    @Test
    void aLastLineCutOffIsDroppedAndOverwrittenByTheNextEvent() throws Exception {
        TuneFolder f = folder();
        f.append(TuneEvent.started(1));
        Files.writeString(f.file(TuneFolder.EVENTS), "{\"event\":\"recor", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(TuneEvent.started(1)), f.events());
        f.append(TuneEvent.recorded(1, 0, 0.5));
        assertEquals(List.of(TuneEvent.started(1), TuneEvent.recorded(1, 0, 0.5)), f.events());
        assertEquals(2, Files.readAllLines(f.file(TuneFolder.EVENTS)).size());
    }

    /** A last line whole but for its line end is as cut as any: dropped, and replaced by the next event (it happens again). */
    @Test
    void aLastLineWithoutItsLineEndIsCutEvenWhereItParses() throws Exception {
        TuneFolder f = folder();
        f.append(TuneEvent.started(1));
        Files.writeString(f.file(TuneFolder.EVENTS), "{\"event\":\"started\",\"trial\":2}", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(TuneEvent.started(1)), f.events());
        f.append(TuneEvent.started(2));
        assertEquals(List.of(TuneEvent.started(1), TuneEvent.started(2)), f.events());
    }

    @Test
    void aDamagedLineBeforeTheLastIsRefusedNamingIt() throws Exception {
        TuneFolder f = folder();
        Files.writeString(f.file(TuneFolder.EVENTS), "{\"event\":\"started\",\"trial\":1}\nnot json\n{\"event\":\"started\",\"trial\":2}\n");
        UserException e = assertThrows(UserException.class, f::events);
        assertTrue(e.getMessage().startsWith(f.file(TuneFolder.EVENTS) + " line 2 is damaged ("), e.getMessage());
    }

    @Test
    void aFolderHoldingSomethingElseIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(tmp.resolve("busy/x.txt"), "x");
        SearchSpace space = SearchSpace.read(Files.writeString(tmp.resolve("s.yaml"), "search: {lr: {uniform: [0.001, 0.01]}}\n"));
        UserException e = assertThrows(UserException.class, () -> TuneFolder.open(tmp.resolve("busy"), space,
                new TuneSettings(3, 9, 1, 3, Monitor.VAL_ACCURACY, 1)));
        assertEquals(tmp.resolve("busy") + " is not empty and holds no tuning search (tune.json); give an empty or new folder as --out",
                e.getMessage());
    }
}
