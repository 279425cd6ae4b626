package org.atelier.reporting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.config.TrainConfig;
import org.atelier.config.TrainSettings;

/**
 * The settings in which runs differ, side by side: one line per option (as users type it), one
 * value per run. What a comparison of runs trained differently must show beside their figures.
 */
public record SettingsDifference(List<String> runs, List<Line> lines) {
    public record Line(String option, List<String> values) {}

    /** The options whose values are not the same in every one of {@code configs} (named by {@code runs}, in order). */
    public static SettingsDifference of(List<String> runs, List<TrainConfig> configs) {
        List<Map<String, String>> byRun = new ArrayList<>();
        for (TrainConfig config : configs) {
            Map<String, String> values = new LinkedHashMap<>();
            TrainSettings.shown(config).forEach(shown -> values.put(shown.setting().option(), shown.value()));
            byRun.add(values);
        }
        List<Line> lines = new ArrayList<>();
        // in the settings' declared order, whichever run lists an option first
        for (String option : TrainSettings.ALL.stream().map(org.atelier.config.Setting::option).toList()) {
            // one way of shifting is listed per run (--shift or --shift-pixels): the other is not in use there
            List<String> values = byRun.stream().map(v -> v.getOrDefault(option, "not used")).toList();
            if (values.stream().distinct().count() > 1) {
                lines.add(new Line(option, values));
            }
        }
        return new SettingsDifference(runs, lines);
    }
}
