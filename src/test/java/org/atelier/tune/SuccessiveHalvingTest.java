package org.atelier.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.atelier.tune.SuccessiveHalving.Job;
import org.junit.jupiter.api.Test;

/** ASHA's promotion rule against cases worked by hand. */
class SuccessiveHalvingTest {
    @Test
    void rungsGrowByTheReductionFactorUpToTheFullLength() {
        assertEquals(List.of(1, 3, 9), SuccessiveHalving.rungs(1, 9, 3));
        assertEquals(List.of(2, 6, 18, 20), SuccessiveHalving.rungs(2, 20, 3));
        assertEquals(List.of(5), SuccessiveHalving.rungs(5, 5, 2), "grace = full length: one rung, no halving");
        assertEquals(List.of(1, 2, 4, 8, 16, 30), SuccessiveHalving.rungs(1, 30, 2));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rungs(4, 3, 3));
    }

    /**
     * eta = 3, rungs 1, 3, 9: a trial is promoted once it is in the top floor(n / 3) of the n recorded
     * at its rung; until then new trials start. Trials finish out of the order they started in.
     */
    @Test
    void theTopThirdOfARungIsPromotedAsSoonAsItIsKnown() {
        SuccessiveHalving asha = new SuccessiveHalving(List.of(1, 3, 9), 3, 9, true);
        for (int t = 1; t <= 3; t++) {
            assertEquals(Optional.of(new Job(t, 0, 1)), asha.next(), "three workers start three trials");
            asha.started(t);
        }
        asha.recorded(3, 0, 0.70);
        // 1 recorded: floor(1/3) = 0 promoted, so a new trial
        assertEquals(Optional.of(new Job(4, 0, 1)), asha.next());
        asha.started(4);
        asha.recorded(1, 0, 0.80);
        asha.recorded(2, 0, 0.85);
        // 3 recorded (0.85, 0.80, 0.70): the top 1 is trial 2, promoted to 3 epochs
        assertEquals(Optional.of(new Job(2, 1, 3)), asha.next());
        asha.promoted(2, 1);
        // trial 2 is already promoted: the top 1 of 3 has no one else, so a new trial
        assertEquals(Optional.of(new Job(5, 0, 1)), asha.next());
        asha.started(5);
        assertEquals(List.of(new Job(2, 1, 3), new Job(4, 0, 1), new Job(5, 0, 1)), asha.pending());
        // trial 4 ties trial 2 at 0.85, trial 5 is worst: 5 recorded, floor(5/3) = 1, still only trial 2
        asha.recorded(4, 0, 0.85);
        asha.recorded(5, 0, 0.60);
        assertEquals(Optional.of(new Job(6, 0, 1)), asha.next());
        asha.started(6);
        asha.recorded(6, 0, 0.90);
        // 6 recorded, top 2: trial 6 (0.90), then trial 2 before trial 4 at 0.85 (started first); 6 goes up
        assertEquals(List.of(6, 2, 4, 1, 3, 5), asha.ranked(0));
        assertEquals(Optional.of(new Job(6, 1, 3)), asha.next());
        asha.promoted(6, 1);
        asha.recorded(6, 1, 0.91);
        asha.recorded(2, 1, 0.89);
        // rung 1 holds 2 (floor(2/3) = 0 promoted to 9); rung 0's top 2 are both promoted: a new trial
        assertEquals(Optional.of(new Job(7, 0, 1)), asha.next());
        asha.started(7);
        asha.recorded(7, 0, 0.88);
        // 7 recorded at rung 0, floor(7/3) = 2: trial 7's 0.88 puts it second, above trial 2's 0.85
        assertEquals(List.of(6, 7, 2, 4, 1, 3, 5), asha.ranked(0));
        assertEquals(Optional.of(new Job(7, 1, 3)), asha.next(), "trial 7 is in the top 2 of 7");
        asha.promoted(7, 1);
        asha.recorded(7, 1, 0.92);
        // rung 1: 7 (0.92), 6 (0.91), 2 (0.89): the top 1 goes to the full 9 epochs, before any new trial
        assertEquals(Optional.of(new Job(7, 2, 9)), asha.next());
        asha.promoted(7, 2);
        assertEquals(1, asha.rungReached(7), "recorded at rung 1 so far, training on to rung 2");
        assertEquals(0, asha.rungReached(1));
        assertEquals(Optional.of(0.91), asha.metric(6, 1));
    }

    @Test
    void aLossRanksLowestFirst() {
        SuccessiveHalving asha = new SuccessiveHalving(List.of(1, 2), 2, 4, false);
        asha.started(1);
        asha.started(2);
        asha.recorded(1, 0, 0.40);
        asha.recorded(2, 0, 0.35);
        assertEquals(Optional.of(new Job(2, 1, 2)), asha.next(), "the lower loss of the two goes on");
    }

    /** Rebuilt from what was recorded, a stopped search knows what was under way and goes on from there. */
    @Test
    void aSearchRebuiltFromItsRecordsResumesItsPendingJobs() {
        SuccessiveHalving asha = new SuccessiveHalving(List.of(1, 3), 3, 3, true);
        asha.started(1);
        asha.started(2);
        asha.started(3);
        asha.recorded(1, 0, 0.5);
        asha.recorded(2, 0, 0.6);
        asha.recorded(3, 0, 0.7);
        asha.promoted(3, 1);
        // stopped here: trial 3 was training on to 3 epochs
        assertEquals(List.of(new Job(3, 1, 3)), asha.pending());
        assertFalse(asha.finished());
        assertEquals(Optional.empty(), asha.next(), "all 3 trials started, the only promotion taken: wait");
        asha.recorded(3, 1, 0.75);
        assertTrue(asha.finished());
    }

    @Test
    void eventsOutOfTurnAreRefused() {
        SuccessiveHalving asha = new SuccessiveHalving(List.of(1, 3), 3, 3, true);
        asha.started(1);
        assertThrows(IllegalStateException.class, () -> asha.started(1));
        assertThrows(IllegalStateException.class, () -> asha.promoted(1, 1), "not recorded at rung 0 yet");
        assertThrows(IllegalStateException.class, () -> asha.recorded(1, 1, 0.5), "training towards rung 0");
        assertThrows(IllegalStateException.class, () -> asha.recorded(2, 0, 0.5), "never started");
    }

    /** A failed trial counts among its rung's trials, below all, and is never promoted, even from the top. */
    @Test
    void aFailedTrialIsCountedButNeverPromoted() {
        SuccessiveHalving asha = new SuccessiveHalving(List.of(1, 3), 3, 4, true);
        for (int t = 1; t <= 3; t++) {
            asha.started(t);
        }
        asha.failed(1, 0);
        asha.failed(2, 0);
        asha.failed(3, 0);
        // three recorded at rung 0 make a top third of one, and it failed: a new trial starts instead
        assertEquals(Optional.of(new SuccessiveHalving.Job(4, 0, 1)), asha.next());
        asha.started(4);
        asha.recorded(4, 0, 0.5);
        // four recorded, top third still one: trial 4, the only one that trained, is promoted
        assertEquals(Optional.of(new SuccessiveHalving.Job(4, 1, 3)), asha.next());
        assertEquals(List.of(4, 1, 2, 3), asha.ranked(0));
        assertTrue(asha.hasFailed(1) && !asha.hasFailed(4));
    }
}
