package org.atelier.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atelier.config.SettingSource;
import org.atelier.config.SettingValues;
import org.atelier.util.UserException;

/**
 * A file of training settings, keyed as train's options without dashes ({@code model: fastnet},
 * {@code lr: 0.002}), YAML or JSON, such as a tuning search's best.yaml: read into the same checked
 * values the command line gives, each mistake one line naming the key and the file.
 */
public final class SettingsFile {
    private static final String WHAT = "settings file";

    private SettingsFile() {}

    public static SettingValues read(Path file) {
        JsonNode root = SweepGrid.readTree(file, WHAT);
        if (root == null || !root.isObject()) {
            throw new UserException(WHAT + " " + file + " must map train's options to values, e.g. {model: fastnet, lr: 0.002}");
        }
        SettingSource source = SettingSource.file(file);
        Map<String, String> given = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> given.put(e.getKey(), SweepGrid.scalar(WHAT, file, e.getKey(), e.getValue())));
        SettingValues values = new SettingValues(source);
        // a setting under two of its names (lr and learning-rate) would leave one of its values unused
        SweepGrid.canonical(given, (first, second) -> WHAT + " " + file + ": '" + first + "' and '" + second
                + "' name the same setting; give it once");
        given.forEach((key, text) -> values.putText(key, text, source));
        return values;
    }
}
