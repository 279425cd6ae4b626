package org.atelier.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.atelier.config.Monitor;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.SettingsFile;
import org.atelier.testing.TestData;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuning search trained for real on 600 images: what ASHA decides, what it writes, and going on after a crash. */
@Tag("slow")
class TunerTest {
    @TempDir
    Path tmp;

    /** 4 trials, rungs at 1, 2 and 3 epochs, the best half of each rung going on. */
    private static final TuneSettings SETTINGS = new TuneSettings(4, 3, 1, 2, Monitor.VAL_ACCURACY, 7);

    private SearchSpace space() throws Exception {
        return SearchSpace.read(Files.writeString(tmp.resolve("space.yaml"), "fixed: {model: baseline, train-limit: 600, "
                + "validation-limit: 200, data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {loguniform: [0.0003, 0.01]}\n"
                + "  batch-size: {choice: [32, 64]}\n"));
    }

    /** Runs the search in {@code dir}, counting the epochs it trains. */
    private Leaderboard tune(Path dir, AtomicInteger epochsTrained) throws Exception {
        SearchSpace space = space();
        TuneFolder folder = TuneFolder.open(dir, space, SETTINGS);
        ProgressListener counting = new ProgressListener() {
            @Override
            public void onEpochEnd(EpochRecord record, boolean best) {
                epochsTrained.incrementAndGet();
            }
        };
        return new Tuner(folder, space, SETTINGS, Tuner.inProcess(folder, space, SETTINGS, LocalRunner.cachedData(), Device.cpu(),
                counting), new PrintWriter(new StringWriter())).run();
    }

    @Test
    void aSearchPromotesTheBestHalfOfEachRungAndWritesItsLeaderboard() throws Exception {
        Path dir = tmp.resolve("search");
        AtomicInteger epochs = new AtomicInteger();
        Leaderboard board = tune(dir, epochs);
        TuneFolder folder = TuneFolder.open(dir, space(), SETTINGS);
        List<TuneEvent> events = folder.events();

        // ASHA's rule, checked against the recorded metrics: a trial is promoted out of rung k only when it
        // is in the top floor(n/2) of the n trials recorded at k at that moment, and every trial starts once
        List<List<double[]>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int started = 0;
        for (TuneEvent e : events) {
            switch (e.event()) {
                case TuneEvent.STARTED -> started++;
                case TuneEvent.RECORDED -> seen.get(e.rung()).add(new double[] {e.trial(), e.metric()});
                case TuneEvent.PROMOTED -> {
                    List<double[]> below = seen.get(e.rung() - 1);
                    double mine = below.stream().filter(r -> r[0] == e.trial()).findFirst().orElseThrow()[1];
                    long better = below.stream().filter(r -> r[1] > mine || (r[1] == mine && r[0] < e.trial())).count();
                    assertTrue(better < below.size() / 2, "trial " + e.trial() + " promoted from rung " + (e.rung() - 1)
                            + " with " + better + " better of " + below.size());
                }
                default -> throw new AssertionError(e.event());
            }
        }
        assertEquals(4, started);
        assertEquals(4, seen.get(0).size(), "every trial is recorded at the first rung");
        assertFalse(seen.get(2).isEmpty(), "some trial reaches the full length");

        // each trial trained exactly the epochs of the furthest rung it reached, never an epoch twice
        int expected = 0;
        for (Leaderboard.Row row : board.rows()) {
            int rungEpochs = SETTINGS.rungs().get(row.rungsReached() - 1);
            assertEquals(rungEpochs, folder.trial(row.trial()).history().size(), "trial " + row.trial());
            assertEquals(rungEpochs, row.epochs());
            expected += rungEpochs;
        }
        assertEquals(expected, epochs.get());

        // the metric at a rung is the trial's best validation accuracy up to that rung's epoch
        Leaderboard.Row best = board.best().orElseThrow();
        List<EpochRecord> history = folder.trial(best.trial()).history();
        assertEquals(history.stream().mapToDouble(EpochRecord::validationAccuracy).max().orElseThrow(), best.metrics().get(2), 0);
        assertEquals(3, best.rungsReached());

        String csv = Files.readString(dir.resolve(TuneFolder.LEADERBOARD_CSV));
        assertTrue(csv.startsWith("trial,lr,batch-size,epochs,rung,val_accuracy_at_1,val_accuracy_at_2,val_accuracy_at_3,status\n"
                + best.trial() + ","), csv);
        assertEquals(5, csv.lines().count(), csv);
        assertTrue(Files.readString(dir.resolve(TuneFolder.LEADERBOARD_HTML)).contains("trial-00" + best.trial()));
        assertTrue(Files.size(dir.resolve(TuneFolder.CURVES)) > 1000);

        // best.yaml reads back as the best trial's own configuration: train --config trains that run again
        TrainConfig again = org.atelier.sweep.Sweep.trainConfig(SettingsFile.read(dir.resolve(TuneFolder.BEST)),
                LocalRunner.cachedData());
        TrainConfig trial = folder.trial(best.trial()).config();
        assertEquals(trial.toBuilder().build().resolved(), again.resolved().toBuilder().build());
    }

    /**
     * A search stopped part-way (here: its log cut back to its first events, the last line half
     * written, as SIGKILL leaves it) and run again ends as the uninterrupted one did, event for
     * event, having trained only the epochs the cut search had not.
     */
    @Test
    void aSearchRunAgainAfterACrashGoesOnWithNothingLostOrTrainedTwice() throws Exception {
        Path whole = tmp.resolve("whole");
        tune(whole, new AtomicInteger());
        List<String> wholeEvents = Files.readAllLines(whole.resolve(TuneFolder.EVENTS));

        Path cut = tmp.resolve("cut");
        AtomicInteger first = new AtomicInteger();
        tune(cut, first);
        // back to just after the 6th event, with half of the 7th written
        List<String> lines = Files.readAllLines(cut.resolve(TuneFolder.EVENTS));
        Files.writeString(cut.resolve(TuneFolder.EVENTS), String.join("\n", lines.subList(0, 6)) + "\n"
                + lines.get(6).substring(0, lines.get(6).length() / 2));
        // trials not started by then have no folder; the others keep what they trained (one whose recorded rung was
        // cut off has trained to it already, and must not train it again)
        List<TuneEvent> kept = TuneFolder.open(cut, space(), SETTINGS).events();
        assertEquals(6, kept.size(), "the half-written line is dropped");
        int notStarted = 0;
        for (int t = 1; t <= 4; t++) {
            int trial = t;
            if (kept.stream().noneMatch(e -> e.trial() == trial)) {
                Path folder = cut.resolve(TuneFolder.TRIALS).resolve(TuneFolder.trialName(trial));
                notStarted += new RunDirectory(folder).history().size();
                deleteTree(folder);
            }
        }
        AtomicInteger second = new AtomicInteger();
        tune(cut, second);
        assertEquals(wholeEvents, Files.readAllLines(cut.resolve(TuneFolder.EVENTS)));
        assertEquals(notStarted, second.get(), "the second run trains only the trials the cut search had not started");
        assertEquals(Files.readString(whole.resolve(TuneFolder.LEADERBOARD_CSV)), Files.readString(cut.resolve(TuneFolder.LEADERBOARD_CSV)));
    }

    /** A log edited by hand, or a trial's folder that lost its epochs, is refused in one line rather than trusted. */
    @Test
    void aLogOrTrialFolderThatNoLongerTellsOneStoryIsRefused() throws Exception {
        Path dir = tmp.resolve("damaged");
        tune(dir, new AtomicInteger());
        Path events = dir.resolve(TuneFolder.EVENTS);
        List<String> lines = Files.readAllLines(events);
        Files.writeString(events, String.join("\n", lines) + "\n{\"event\":\"recorded\",\"trial\":99,\"rung\":0,\"metric\":0.5}\n");
        UserException stray = assertThrows(UserException.class, () -> tune(dir, new AtomicInteger()));
        assertEquals(TuneFolder.EVENTS + " line " + (lines.size() + 1) + " does not follow from the lines before it (trial 99 was "
                + "not training towards rung 0); restore the file, or tune into another folder", stray.getMessage());
        Files.writeString(events, String.join("\n", lines) + "\n");
        Path trial = dir.resolve(TuneFolder.TRIALS).resolve(TuneFolder.trialName(1));
        Files.delete(trial.resolve(RunDirectory.HISTORY));
        UserException lost = assertThrows(UserException.class, () -> tune(dir, new AtomicInteger()));
        assertTrue(lost.getMessage().startsWith(trial + " holds 0 epochs, but events.jsonl records it at "), lost.getMessage());
    }

    @Test
    void anotherSearchOnTheSameFolderIsRefusedNamingTheDifference() throws Exception {
        Path dir = tmp.resolve("s");
        TuneFolder.open(dir, space(), SETTINGS);
        UserException e = assertThrows(UserException.class, () -> TuneFolder.open(dir, space(),
                new TuneSettings(6, 3, 1, 2, Monitor.VAL_ACCURACY, 7)));
        assertEquals(dir + " holds another search (--trials 4 (now 6)); give the same space and options to go on with it, or "
                + "another --out for a new search", e.getMessage());
        SearchSpace other = SearchSpace.read(Files.writeString(tmp.resolve("other.yaml"), "fixed: {model: baseline, train-limit: "
                + "600, validation-limit: 200, data: '" + TestData.dataDir() + "'}\nsearch:\n  lr: {loguniform: [0.0003, 0.02]}\n"
                + "  batch-size: {choice: [32, 64]}\n"));
        UserException changed = assertThrows(UserException.class, () -> TuneFolder.open(dir, other, SETTINGS));
        assertTrue(changed.getMessage().contains("(search.lr.loguniform [3e-4, 0.01] (now [3e-4, 0.02]))"), changed.getMessage());
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
