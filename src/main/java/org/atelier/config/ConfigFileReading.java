package org.atelier.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * How a configuration's JSON form (a config.json, a plan's entry) is read: strictly, with each
 * mistake said in one line that names the field by its dotted path, without Jackson's class names.
 */
final class ConfigFileReading {
    private ConfigFileReading() {}

    /**
     * How configurations are read: no fraction into a whole number (a null is refused before, by
     * name; a missing field takes its default, as files older than the field have it).
     */
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(TrainConfig.class)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Fields that may hold null: the data folder (found by the usual search) and the model's own values. */
    private static final java.util.Set<String> NULLABLE = java.util.Set.of("data.dataDir", "learningRate", "l2",
            "batchNormMomentum", "provenance");

    /** Refuses a null where a value belongs ("plateau": null would leave the run without a schedule). */
    static void refuseNulls(JsonNode node, String prefix, java.nio.file.Path source) {
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            String path = prefix + field.getKey();
            if (field.getValue().isNull() && !NULLABLE.contains(path)) {
                throw new UserException(path + " in " + source + " is null; give it a value or leave it out");
            }
            if (field.getValue().isObject() && !path.equals("provenance") && !path.equals("resumes")) {
                refuseNulls(field.getValue(), path + ".", source);
            }
        }
    }

    /** The dotted path of the field a mapping error is about: {@code plateau.factor}. */
    static String fieldOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the configuration" : path.toString();
    }

    /** What is wrong with the field, in one line without Jackson's class names. */
    static String mismatch(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a setting of this version";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException && e.getCause() != null) {
            return UserException.reason(e.getCause());
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            String wanted = t == int.class || t == Integer.class || t == long.class || t == Long.class ? "a whole number"
                    : t == double.class || t == Double.class || t == float.class ? "a number"
                    : t == boolean.class || t == Boolean.class ? "true or false"
                    : t.isEnum() ? "one of its names" : java.util.List.class.isAssignableFrom(t) ? "a list" : "an object";
            return "must be " + wanted;
        }
        return "is not valid: " + e.getOriginalMessage();
    }

    /**
     * The reader: strict about types and nulls; about unknown keys too when {@code knowsEveryKey}
     * (a file with a format number was written by a version that knows every key, while older files
     * may hold keys since dropped, which are passed over, as before).
     */
    static ObjectReader reader(boolean knowsEveryKey) {
        return knowsEveryKey ? STRICT.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) : STRICT;
    }
}
