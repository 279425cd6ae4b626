package org.atelier.util;

import java.util.ServiceLoader;
import java.util.function.Function;

/** Implementations from optional modules (the Spark module), found on the class path through {@link ServiceLoader}. */
public final class Plugins {
    private Plugins() {}

    /** The implementation of {@code type} called {@code name} (--runner's value), or a user error saying how to get it. */
    public static <T> T named(Class<T> type, Function<T, String> nameOf, String name) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(p -> nameOf.apply(p).equals(name))
                .findFirst()
                .orElseThrow(() -> new UserException("--runner " + name + " needs Atelier's " + name + " module on the class "
                        + "path; ./atelier builds and loads it when --runner " + name + " is given"));
    }
}
