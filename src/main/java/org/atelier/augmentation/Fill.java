package org.atelier.augmentation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.atelier.util.UserException;

/** What a transform puts where it samples outside the image. */
public enum Fill {
    /** The nearest edge pixel (Keras' fill_mode 'nearest'): a shifted garment that touches the border is smeared into the gap. */
    NEAREST("nearest"),
    /** The background, 0 (Keras' fill_mode 'constant' with cval 0): the gap looks like the rest of the background. */
    ZERO("zero");

    private final String id;

    Fill(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Fill byName(String name) {
        for (Fill f : values()) {
            if (f.id.equals(name)) {
                return f;
            }
        }
        throw new UserException("--fill must be one of " + Arrays.stream(values()).map(Fill::id).toList() + ", got " + name);
    }
}
