package org.atelier.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.util.UserException;

/** Repeatable options of the form KEY=VALUE (sweep's --fix and --vary, the Spark runner's --conf). */
final class KeyValueOptions {
    private KeyValueOptions() {}

    /**
     * The given settings in order. A missing key, value or '=' and a key given twice are refused,
     * naming {@code flag} and its {@code form}; the value is everything after the first '='.
     */
    static Map<String, String> parse(List<String> given, String flag, String form) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String s : given) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new UserException(flag + " takes " + form + ", got '" + s + "'");
            }
            String key = s.substring(0, eq);
            if (settings.put(key, s.substring(eq + 1)) != null) {
                throw new UserException(flag + " gives '" + key + "' twice");
            }
        }
        return settings;
    }
}
