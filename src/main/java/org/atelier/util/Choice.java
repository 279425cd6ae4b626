package org.atelier.util;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A setting with a fixed set of values, each written in config.json and on the command line by its
 * {@link #id()}. Enums implement it so that every choice is checked once, where it is parsed.
 */
public interface Choice {
    String id();

    /**
     * The constant of {@code type} whose id is {@code id}; anything else is a {@link UserException}
     * saying what it must be, for the caller to name the setting in the words of its source.
     */
    static <E extends Enum<E> & Choice> E byId(Class<E> type, String id) {
        return find(type, id).orElseThrow(() -> new UserException("must be one of " + String.join(", ", ids(type))
                + ", got " + id));
    }

    static <E extends Enum<E> & Choice> Optional<E> find(Class<E> type, String id) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(id)).findFirst();
    }

    static <E extends Enum<E> & Choice> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::id).toList();
    }
}
