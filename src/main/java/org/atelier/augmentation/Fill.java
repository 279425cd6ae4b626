package org.atelier.augmentation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.atelier.util.Choice;

/** What a transform puts where it samples outside the image. */
public enum Fill implements Choice {
    /** The nearest edge pixel (Keras' fill_mode 'nearest'): a shifted garment that touches the border is smeared into the gap. */
    NEAREST("nearest"),
    /** The background, 0 (Keras' fill_mode 'constant' with cval 0): the gap looks like the rest of the background. */
    ZERO("zero");

    private final String id;

    Fill(String id) {
        this.id = id;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    /** The id, as help texts show the default. */
    @Override
    public String toString() {
        return id;
    }

    @JsonCreator
    public static Fill byName(String name) {
        return Choice.byId(Fill.class, name);
    }
}
