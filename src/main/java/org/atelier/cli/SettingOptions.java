package org.atelier.cli;

import java.util.ArrayList;
import java.util.List;
import org.atelier.config.Setting;
import org.atelier.config.SettingSource;
import org.atelier.config.SettingValues;
import org.atelier.config.ValueType;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Training settings as command-line options, made from their declarations ({@link
 * org.atelier.config.TrainSettings}): names, value labels, descriptions and defaults in --help,
 * values parsed by the settings' own types (a value that is no value of the type is a usage error,
 * as picocli's own), and read back as {@link SettingValues} of the command line.
 */
final class SettingOptions {
    private SettingOptions() {}

    /** Adds an option per setting to {@code spec}; {@code grouped} puts them under their groups' headings in --help. */
    static CommandSpec addTo(CommandSpec spec, List<Setting<?>> settings, boolean grouped) {
        if (!grouped) {
            settings.forEach(s -> spec.addOption(option(s)));
            return spec;
        }
        for (Setting.Group group : Setting.Group.values()) {
            List<Setting<?>> members = settings.stream().filter(s -> s.group() == group).toList();
            if (members.isEmpty()) {
                continue;
            }
            ArgGroupSpec.Builder g = ArgGroupSpec.builder().heading(group.heading() + ":%n").exclusive(false).validate(false)
                    .multiplicity("0..1");
            members.forEach(s -> g.addArg(option(s)));
            spec.addArgGroup(g.build());
        }
        return spec;
    }

    private static OptionSpec option(Setting<?> s) {
        List<String> names = new ArrayList<>(List.of("--" + s.name()));
        s.aliases().forEach(a -> names.add("--" + a));
        OptionSpec.Builder o = OptionSpec.builder(names.toArray(String[]::new))
                // picocli formats descriptions: a % of the text is written %%.
                .description((s.description() + " (default: " + s.defaultText() + ")").replace("%", "%%"));
        if (s.isSwitch()) {
            return o.arity("0").type(s.negatable() ? Boolean.class : boolean.class).negatable(s.negatable()).build();
        }
        return o.arity("1").paramLabel(s.label()).type(Object.class).converters(text -> {
            try {
                return s.parse(text);
            } catch (ValueType.BadValue e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }).build();
    }

    /** The settings of {@code settings} given on {@code spec}'s command line, each checked. */
    static SettingValues read(CommandSpec spec, List<Setting<?>> settings) {
        SettingValues values = new SettingValues(SettingSource.COMMAND_LINE);
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Setting<?> s : settings) {
            if (parsed.hasMatchedOption("--" + s.name())) {
                OptionSpec option = spec.findOption("--" + s.name());
                // Inside an argument group picocli lets the last of a repeated option win: "--epochs 1 --epochs 2" trained 2.
                List<String> given = option.originalStringValues();
                if (given.size() > 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), (s.negatable() ? s.option() + " or --no-"
                            + s.name() : s.option()) + " is given " + given.size()
                            + " times" + (s.isSwitch() ? "" : " (" + String.join(", ", given) + ")") + "; give it once");
                }
                put(values, s, option.getValue());
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> void put(SettingValues values, Setting<T> setting, Object value) {
        values.put(setting, (T) value);
    }
}
