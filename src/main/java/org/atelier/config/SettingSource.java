package org.atelier.config;

import java.nio.file.Path;

/**
 * Where settings came from, so that a message names a setting in the words of its source: the
 * command line's option, a grid or settings file's key, or config.json's field.
 */
public interface SettingSource {
    /** How this source names {@code setting}, e.g. "--epochs", "'epochs' in grid.yaml", "plateau.factor in run/config.json". */
    String name(Setting<?> setting);

    /** How this source names a key that is no setting, as it was written. */
    String nameUnknown(String name);

    SettingSource COMMAND_LINE = new CommandLine();

    /** A grid or settings file, keyed by the options' names. */
    static SettingSource file(Path file) {
        return new KeyedFile(file.toString());
    }

    /** A sweep's --fix and --vary (named {@code flag}), keyed by the options' names. */
    static SettingSource sweepOption(String flag) {
        return new KeyedFile(flag);
    }

    /** A run's config.json, keyed by its fields. */
    static SettingSource configFile(Path file) {
        return new ConfigFile(file);
    }

    /** The command line: --NAME. */
    record CommandLine() implements SettingSource {
        @Override
        public String name(Setting<?> s) {
            return "--" + s.name();
        }

        @Override
        public String nameUnknown(String name) {
            return "--" + name;
        }
    }

    /** Keys named as the options, in {@code where}: 'NAME' in grid.yaml. */
    record KeyedFile(String where) implements SettingSource {
        @Override
        public String name(Setting<?> s) {
            return nameUnknown(s.name());
        }

        @Override
        public String nameUnknown(String name) {
            return "'" + name + "' in " + where;
        }
    }

    /** config.json's fields: plateau.factor in runs/x/config.json. */
    record ConfigFile(Path file) implements SettingSource {
        @Override
        public String name(Setting<?> s) {
            return s.path() + " in " + file;
        }

        @Override
        public String nameUnknown(String name) {
            return name + " in " + file;
        }
    }
}
