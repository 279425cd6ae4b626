package org.atelier.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.atelier.util.Choice;

/**
 * How the engine's random stream, which draws the dropout masks, is seeded. PyTorch's generator
 * state cannot be saved through DJL, so a run resumes exactly where the stream was seeded, or
 * after drawing again the masks drawn since.
 */
public enum DropoutSeeds implements Choice {
    /** Once per epoch: runs saved before mid-epoch saves existed; resumed mid-epoch, they draw the epoch's masks so far again. */
    PER_EPOCH("per_epoch"),
    /** Afresh before every batch, so a run stopped after any batch resumes exactly there. */
    PER_BATCH("per_batch");

    private final String id;

    DropoutSeeds(String id) {
        this.id = id;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @JsonCreator
    public static DropoutSeeds byId(String id) {
        return Choice.byId(DropoutSeeds.class, id);
    }
}
