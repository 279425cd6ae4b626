package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the engine's random stream, which draws the dropout masks, is seeded. PyTorch's generator
 * state cannot be saved through DJL, so a run can only resume exactly where the stream was seeded.
 */
public enum DropoutSeeds {
    /** Once per epoch: runs saved before mid-epoch saves existed; they resume from their last finished epoch. */
    PER_EPOCH("per_epoch"),
    /** Afresh before every batch, so a run stopped after any batch resumes exactly there. */
    PER_BATCH("per_batch");

    private final String id;

    DropoutSeeds(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static DropoutSeeds byId(String id) {
        for (DropoutSeeds s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown dropout seeding '" + id + "'");
    }
}
