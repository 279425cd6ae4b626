package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
