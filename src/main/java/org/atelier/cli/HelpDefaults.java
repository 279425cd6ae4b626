package org.atelier.cli;

import org.atelier.study.StudyPlan;

/**
 * Help texts derived from where the values live, so that `--help` cannot drift from the code.
 * Published as system properties, which picocli expands in descriptions (${atelier.study.experiments}).
 * The training settings' help comes from their declarations instead (SettingOptions).
 */
final class HelpDefaults {
    private HelpDefaults() {}

    static void publish() {
        System.setProperty("atelier.study.experiments", String.join(", ", StudyPlan.ids()));
    }
}
