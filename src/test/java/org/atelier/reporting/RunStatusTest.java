package org.atelier.reporting;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.atelier.config.TrainConfig;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.LockHolder;
import org.atelier.testing.PartialCheckpoint;
import org.atelier.testing.RunFolders;
import org.atelier.run.TrainingState;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStatusTest {
    @TempDir
    Path tmp;

    /** A run of {@code planned} epochs with {@code seconds.length} done, epoch i taking seconds[i] to train. */
    private RunDirectory run(String name, int planned, double... seconds) throws Exception {
        double[] validation = {0.80, 0.86, 0.84, 0.85};
        List<EpochRecord> history = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            history.add(new EpochRecord(i + 1, 0.5, 0.8, 0.4, validation[i], 1e-3, seconds[i], 100, 0, 0, 0.5, Double.NaN));
        }
        return RunFolders.withHistory(tmp.resolve(name), TrainConfig.defaults().toBuilder().set(TrainSettings.EPOCHS, planned).build(), history);
    }

    @Test
    void anInterruptedRunHasItsBestSoFarAndTheTimeLeftAtItsMedianPace() throws Exception {
        RunStatus s = RunStatus.of("cut", run("cut", 10, 100, 300, 120, 110), 0);
        assertEquals(new RunStatus("cut", RunStatus.State.INTERRUPTED, 4, 10, 0.86, 2, Double.NaN, 115, OptionalLong.empty()), s);
        assertEquals(6 * 115, s.secondsToGo(), 0.0, "the median pace, which one slow epoch does not move");
    }

    @Test
    void thePaceCountsValidationWhereTheHistoryRecordsIt() throws Exception {
        RunDirectory r = run("timed", 10, 100, 300);
        // a third epoch from a newer version, with its validation time: 110 s + 30 s
        Files.writeString(r.file(RunDirectory.HISTORY), new EpochRecord(3, 0.5, 0.8, 0.4, 0.84, 1e-3, 110, 100, 0, 0, 0.5, 30)
                .toCsv() + "\n", java.nio.file.StandardOpenOption.APPEND);
        RunStatus s = RunStatus.of("timed", r, 0);
        assertEquals(140, s.epochSeconds(), 0.0, "the median of 100, 300 and 110 + 30");
        assertEquals(7 * 140, s.secondsToGo(), 0.0);
    }

    @Test
    void finishedTrainedAndNotStartedRuns() throws Exception {
        RunDirectory finished = run("finished", 10, 100, 100);
        RunFolders.mergeMetrics(finished, Map.of("test_accuracy", 0.855));
        Json.write(finished.file(RunDirectory.EVALUATION), Map.of("test_accuracy", 0.855));
        RunStatus done = RunStatus.of("finished", finished, 0);
        assertEquals(RunStatus.State.FINISHED, done.state());
        assertEquals(0.855, done.testAccuracy());
        assertEquals(0, done.secondsToGo(), 0.0, "early stopping ended it at 2 of 10: nothing left");

        RunDirectory trained = run("trained", 2, 100, 100);
        RunFolders.mergeMetrics(trained, Map.of("val_accuracy", 0.86));
        assertEquals(RunStatus.State.TRAINED, RunStatus.of("trained", trained, 0).state());

        RunStatus created = RunStatus.of("created", run("created", 50), 0);
        assertEquals(RunStatus.State.NOT_STARTED, created.state(), "a configuration but no epoch yet");
        assertTrue(Double.isNaN(created.secondsToGo()), "no pace to tell the time by");
        RunStatus absent = RunStatus.of("absent", new RunDirectory(tmp.resolve("absent")), 50);
        assertEquals(new RunStatus("absent", RunStatus.State.NOT_STARTED, 0, 50, Double.NaN, 0, Double.NaN, Double.NaN,
                OptionalLong.empty()), absent);
    }

    @Test
    void aLockedRunWhoseTrainingHasEndedIsBeingEvaluated() throws Exception {
        RunDirectory r = run("evaluating", 4, 100, 100);
        RunFolders.mergeMetrics(r, Map.of("val_accuracy", 0.86));
        try (RunDirectory.Lock lock = r.lock()) {
            RunStatus s = RunStatus.of("evaluating", r, 0);
            assertEquals(RunStatus.State.EVALUATING, s.state());
            assertEquals(0, s.secondsToGo(), 0.0, "stopped early at 2 of 4: nothing left to train");
        }
        assertEquals(RunStatus.State.TRAINED, RunStatus.of("evaluating", r, 0).state(), "released with the lock");
    }

    @Test
    void theTimeLeftOfARunTrainingNowLeavesOutWhatItsCurrentEpochHasRun() throws Exception {
        RunDirectory r = run("midway", 10, 100, 300, 120, 110);
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        try (RunDirectory.Lock lock = r.lock()) {
            // resumed 500 s ago, its last epoch written 40 s ago: 40 s into the fifth epoch
            Files.setLastModifiedTime(r.file(RunDirectory.LOCK), FileTime.from(now.minusSeconds(500)));
            Files.setLastModifiedTime(r.file(RunDirectory.HISTORY), FileTime.from(now.minusSeconds(40)));
            RunStatus s = RunStatus.of("midway", r, 0, now);
            assertEquals(RunStatus.State.IN_USE, s.state());
            assertEquals(40, s.secondsIntoEpoch(), 0.0);
            assertEquals(6 * 115 - 40, s.secondsToGo(), 0.0);

            // resumed 30 s ago after a history written the day before: 30 s into the epoch
            Files.setLastModifiedTime(r.file(RunDirectory.LOCK), FileTime.from(now.minusSeconds(30)));
            Files.setLastModifiedTime(r.file(RunDirectory.HISTORY), FileTime.from(now.minusSeconds(86_400)));
            assertEquals(6 * 115 - 30, RunStatus.of("midway", r, 0, now).secondsToGo(), 0.0);

            // an epoch past its usual 115 s still has a tenth of one to go
            Files.setLastModifiedTime(r.file(RunDirectory.LOCK), FileTime.from(now.minusSeconds(400)));
            assertEquals(5 * 115 + 11.5, RunStatus.of("midway", r, 0, now).secondsToGo(), 1e-9);
        }
        RunStatus interrupted = RunStatus.of("midway", r, 0, now);
        assertEquals(0, interrupted.secondsIntoEpoch(), 0.0, "no epoch under way once the lock is released");
        assertEquals(6 * 115, interrupted.secondsToGo(), 0.0);
    }

    /**
     * A save part-way through an epoch (every 10 minutes, or at Ctrl-C) counts: an interrupted run
     * resumes from it, and a run training now has trained what it holds and what it trained since.
     */
    @Test
    void thePartOfAnEpochTheLastSaveHoldsCountsAsTrained() throws Exception {
        RunDirectory r = run("saved", 10, 100, 300, 120, 110);
        TrainingState.EpochSoFar part = new TrainingState.EpochSoFar(60, 100, 30, 30, 50, 6000, 70, 1);
        PartialCheckpoint.write(r, 4, part);
        RunStatus interrupted = RunStatus.of("saved", r, 0, Instant.parse("2026-11-26T12:00:00Z"));
        assertEquals(part, interrupted.savedPart());
        assertEquals(70, interrupted.secondsIntoEpoch(), 0.0);
        assertEquals(6 * 115 - 70, interrupted.secondsToGo(), 0.0);

        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        try (RunDirectory.Lock lock = r.lock()) {
            // resumed 500 s ago, saved again 20 s ago
            Files.setLastModifiedTime(r.file(RunDirectory.LOCK), FileTime.from(now.minusSeconds(500)));
            Files.setLastModifiedTime(r.file(RunDirectory.HISTORY), FileTime.from(now.minusSeconds(86_400)));
            Files.setLastModifiedTime(r.file(RunDirectory.CHECKPOINT), FileTime.from(now.minusSeconds(20)));
            assertEquals(70 + 20, RunStatus.of("saved", r, 0, now).secondsIntoEpoch(), 0.0);
        }

        PartialCheckpoint.write(r, 4, null);
        RunStatus atEpochEnd = RunStatus.of("saved", r, 0, now);
        assertNull(atEpochEnd.savedPart(), "saved at the end of epoch 4");
        assertEquals(0, atEpochEnd.secondsIntoEpoch(), 0.0);
        Files.writeString(r.file(RunDirectory.CHECKPOINT), "not a checkpoint");
        assertNull(RunStatus.of("saved", r, 0, now).savedPart(), "an unreadable checkpoint is resume's to report");

        RunDirectory first = run("first", 10);
        PartialCheckpoint.write(first, 0, part);
        RunStatus inFirstEpoch = RunStatus.of("first", first, 0, now);
        assertEquals(RunStatus.State.INTERRUPTED, inFirstEpoch.state(), "no epoch finished, but 60 batches saved");
        assertEquals(part, inFirstEpoch.savedPart());
    }

    /**
     * Asked in the process that trains the run, neither the status nor a second lock may release
     * its lock: closing any channel to a locked file releases the process's lock on it.
     */
    @Test
    void aRunLockedHereIsInUseByThisProcessAndStaysLocked() throws Exception {
        RunDirectory r = run("here", 10, 100);
        try (RunDirectory.Lock lock = r.lock()) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), RunStatus.of("here", r, 0).pid());
            assertThrows(UserException.class, r::lock, "a second lock here is refused, and must not release the first");
            Process other = LockHolder.process(r);
            try {
                assertTrue(other.waitFor(30, TimeUnit.SECONDS));
                assertEquals(1, other.exitValue(), "another process cannot take the lock this one holds");
            } finally {
                other.destroyForcibly();
            }
        }
        assertEquals(RunStatus.State.INTERRUPTED, RunStatus.of("here", r, 0).state(), "released with the lock");
    }


    /** The status reads the lock without taking it: the process training the run keeps it. */
    @Test
    void aRunLockedByAnotherProcessIsInUseByThatProcess() throws Exception {
        RunDirectory r = run("there", 10, 100);
        Process holder = LockHolder.start(r);
        try {
            for (int i = 0; i < 2; i++) {
                RunStatus s = RunStatus.of("there", r, 0);
                assertEquals(RunStatus.State.IN_USE, s.state());
                assertEquals(OptionalLong.of(holder.pid()), s.pid());
            }
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue(), "the holder kept its lock to the end");
            assertEquals(RunStatus.State.INTERRUPTED, RunStatus.of("there", r, 0).state());
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aRunNotTimedYetBorrowsThePaceOfTheFirstTimedRunOfTheSameModelBatchAndData() throws Exception {
        TrainConfig cnn = TrainConfig.defaults().toBuilder().set(TrainSettings.MODEL, "cnn4b").set(TrainSettings.BATCH_SIZE, 128).set(TrainSettings.EPOCHS, 10).build();
        List<TrainConfig> configs = List.of(cnn, cnn.toBuilder().set(TrainSettings.BATCH_SIZE, 64).build(), cnn.toBuilder().set(TrainSettings.LABEL_SMOOTHING, 0.1).build(),
                cnn.toBuilder().limits(1000, 0).build());
        RunStatus timed = RunStatus.of("timed", run("timed", 10, 500, 520), 10);
        RunStatus untimed = RunStatus.of("x", new RunDirectory(tmp.resolve("x")), 10);
        List<RunStatus> all = RunStatus.timedByAlike(configs, List.of(timed, untimed, untimed, untimed));
        assertEquals(timed, all.get(0), "timed by its own epochs");
        assertTrue(Double.isNaN(all.get(1).secondsToGo()), "another batch size: another pace");
        assertEquals("timed", all.get(2).paceOf(), "smoothing does not change a step's time");
        assertEquals(10 * 510, all.get(2).secondsToGo(), 0.0);
        assertTrue(Double.isNaN(all.get(3).secondsToGo()), "fewer training images: shorter epochs");
    }
}
