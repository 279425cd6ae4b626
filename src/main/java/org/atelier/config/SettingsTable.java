package org.atelier.config;

import java.util.List;

/** The training settings as a Markdown table per group, for the docs: made from their declarations, so it cannot drift. */
public final class SettingsTable {
    private SettingsTable() {}

    public static String markdown(List<Setting<?>> settings) {
        StringBuilder md = new StringBuilder();
        for (Setting.Group group : Setting.Group.values()) {
            List<Setting<?>> members = settings.stream().filter(s -> s.group() == group).toList();
            if (members.isEmpty()) {
                continue;
            }
            md.append("### ").append(group.heading()).append("\n\n| option | what it does | default |\n|---|---|---|\n");
            for (Setting<?> s : members) {
                String option = "`--" + s.name() + (s.label().isEmpty() ? "" : " " + s.label()) + "`"
                        + (s.negatable() ? " / `--no-" + s.name() + "`" : "");
                md.append("| ").append(option).append(" | ").append(cell(s.description())).append(" | ")
                        .append(cell(s.defaultText())).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
