package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** history.csv rows: the current form round trips, and rows written by earlier versions still read. */
class EpochRecordTest {
    @Test
    void aRowRoundTripsWithItsValidationTime() {
        EpochRecord r = new EpochRecord(7, 0.25, 0.9, 0.3, 0.88, 0.001, 530.5, 90.5, 0.25, 4100.5, 0.27, 48.25);
        assertEquals("7,0.250000,0.900000,0.300000,0.880000,0.0010000000,530.500,90.5,0.250,4100.5,0.270000,48.250", r.toCsv());
        assertEquals(r, EpochRecord.fromCsv(r.toCsv()));
        assertEquals(578.75, r.epochSeconds(), 0.0);
        assertEquals(12, EpochRecord.CSV_HEADER.split(",").length);
    }

    @Test
    void rowsOfEarlierVersionsReadWithoutTheColumnsTheyLacked() {
        EpochRecord eleven = EpochRecord.fromCsv("7,0.25,0.9,0.3,0.88,0.001,530.5,90.5,0.25,4100.5,0.27");
        assertTrue(Double.isNaN(eleven.validationSeconds()));
        assertEquals(530.5, eleven.epochSeconds(), 0.0, "the training time alone where validation's is unknown");
        EpochRecord ten = EpochRecord.fromCsv("7,0.25,0.9,0.3,0.88,0.001,530.5,90.5,0.25,4100.5");
        assertEquals(0.25, ten.trainObjective(), 0.0, "before its own column the loss was the objective");
        assertThrows(IllegalArgumentException.class, () -> EpochRecord.fromCsv("7,0.25,0.9"));
    }

    /** Epoch {@code n} with its validation accuracy and its time, trained in all of it (no validation time recorded). */
    private static EpochRecord epoch(int n, double validationAccuracy, double seconds) {
        return new EpochRecord(n, 0.5, 0.8, 0.4, validationAccuracy, 1e-3, seconds, 100, 0, 0, 0.5, Double.NaN);
    }

    @Test
    void theMedianPaceOfAnEvenCountIsTheMeanOfTheMiddleTwoInOrderOfTime() {
        assertEquals(2.5, EpochRecord.medianEpochSeconds(List.of(epoch(1, 0.8, 10), epoch(2, 0.8, 1), epoch(3, 0.8, 3),
                epoch(4, 0.8, 2))), 0.0);
        assertEquals(3, EpochRecord.medianEpochSeconds(List.of(epoch(1, 0.8, 10), epoch(2, 0.8, 1), epoch(3, 0.8, 3))), 0.0);
        assertTrue(Double.isNaN(EpochRecord.medianEpochSeconds(List.of())));
    }

    @Test
    void theBestEpochIsTheFirstOfTheHighestValidationAccuracyAndNoneWithoutValidation() {
        assertEquals(2, EpochRecord.bestByValidation(List.of(epoch(1, 0.8, 1), epoch(2, 0.9, 1), epoch(3, 0.9, 1),
                epoch(4, Double.NaN, 1))).orElseThrow().epoch());
        assertEquals(Optional.empty(), EpochRecord.bestByValidation(List.of(epoch(1, Double.NaN, 1))));
    }
}
