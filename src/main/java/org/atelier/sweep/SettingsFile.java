package org.atelier.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.atelier.config.SettingSource;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainSettings;
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
        SettingValues values = new SettingValues(source);
        // an option under two of its names (lr and learning-rate) would leave one of the two values silently unused
        Map<String, String> seen = new HashMap<>();
        root.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String canonical = TrainSettings.byName(key).map(s -> s.name()).orElse(key);
            String before = seen.put(canonical, key);
            if (before != null) {
                throw new UserException(WHAT + " " + file + ": '" + before + "' and '" + key + "' name the same setting; give it once");
            }
            values.putText(key, SweepGrid.scalar(WHAT, file, key, e.getValue()), source);
        });
        return values;
    }
}
