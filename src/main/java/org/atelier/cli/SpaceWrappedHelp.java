package org.atelier.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help whose option descriptions wrap only at spaces. Picocli wraps with the JDK's line
 * BreakIterator, which breaks after a '.', '/' or '-' inside a word: "e.g." became "e." / "g.",
 * "~/.cache" became "~/." / "cache" and "0=1.5" became "0=1." / "5" at 80 columns. Here each such
 * character inside a word is swapped for a private-use stand-in (a letter to the iterator) before
 * the table is filled, and swapped back when it is printed.
 */
final class SpaceWrappedHelp extends Help {
    /** Characters after which the JDK breaks a line; the stand-ins are U+E000 onwards. */
    private static final String BREAKERS = "./-,=:;()[]~+?!";
    private static final char FIRST_STAND_IN = '\uE000';

    SpaceWrappedHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Picocli's narrowest help; wider than this, lines grow too long to read. */
    static final int MIN_WIDTH = 55;
    static final int MAX_WIDTH = 120;

    /** Installs it on a command line and all its subcommands, as wide as the terminal ($COLUMNS, else stty's). */
    static void install(CommandLine cl) {
        // asked once, when help is first printed: the root's list of commands makes a help per command
        int[] asked = {0};
        install(cl, () -> asked[0] != 0 ? asked[0] : (asked[0] = ConsoleProgress.terminalColumns()));
    }

    /** As {@link #install(CommandLine)}, {@code columns} asked when help is printed. */
    static void install(CommandLine cl, java.util.function.IntSupplier columns) {
        cl.setHelpFactory((spec, scheme) -> {
            spec.usageMessage().width(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, columns.getAsInt())));
            return new SpaceWrappedHelp(spec, scheme);
        });
    }

    /** The synopsis wraps between options too, never inside one ("[--seeds=N[," / "N...]]" before). */
    @Override
    protected String insertSynopsisCommandName(int headingLength, Text details) {
        String plain = details.plainString();
        String glued = glued(plain);
        return unglued(super.insertSynopsisCommandName(headingLength, glued.equals(plain) ? details
                : colorScheme().ansi().new Text(glued, colorScheme())));
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout base = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, new Table(scheme, base.textTable().columns()), base.optionRenderer(), base.parameterRenderer());
    }

    /**
     * The root's list of commands, laid out as picocli does (name, then the first line of the
     * command's header or description), the descriptions wrapped at spaces too.
     */
    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = commandSpec().usageMessage().width();
        int names = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width / 2);
        Table table = new Table(colorScheme(), new Column[] {new Column(names + 2, 2, Column.Overflow.SPAN),
                new Column(width - (names + 2), 2, Column.Overflow.WRAP)});
        subcommands.forEach((name, help) -> {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
            String first = lines.length == 0 ? "" : String.format(lines[0]).lines().findFirst().orElse("");
            table.addRowValues(colorScheme().commandText(name), colorScheme().text(first));
        });
        return table.toString();
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    /** Paragraphs as picocli joins them, wrapped at spaces only. */
    private String paragraphs(String[] lines, Object... params) {
        UsageMessageSpec usage = commandSpec().usageMessage();
        String[] glued = Arrays.stream(lines).map(SpaceWrappedHelp::glued).toArray(String[]::new);
        return unglued(join(colorScheme().ansi(), usage.width(), usage.adjustLineBreaksForWideCJKCharacters(), glued,
                new StringBuilder(), params));
    }

    /** {@code text} as one paragraph of lines at most {@code width} wide, wrapped at spaces only; ends with a line end. */
    static String paragraph(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.strip().split(" +")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
                out.append(System.lineSeparator());
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.append(System.lineSeparator()).toString();
    }

    /** The text with each breaking character that a non-space follows swapped for its stand-in. */
    static String glued(String text) {
        // picocli's markup (@|bold ...|@) and text already holding a stand-in are left as they are
        if (text.contains("@|") || text.chars().anyMatch(c -> c >= FIRST_STAND_IN && c < FIRST_STAND_IN + BREAKERS.length())) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int k = BREAKERS.indexOf(c);
            boolean inWord = i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1));
            out.append(k >= 0 && inWord ? (char) (FIRST_STAND_IN + k) : c);
        }
        return out.toString();
    }

    /** The stand-ins turned back into the characters they hold the place of. */
    static String unglued(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int k = c - FIRST_STAND_IN;
            out.append(k >= 0 && k < BREAKERS.length() ? BREAKERS.charAt(k) : c);
        }
        return out.toString();
    }

    private static final class Table extends TextTable {
        private final ColorScheme scheme;

        Table(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            // Only the description column wraps; option names and labels are left as picocli styles them.
            if (col == columns().length - 1 && value != null) {
                String plain = value.plainString();
                String glued = glued(plain);
                if (!glued.equals(plain)) {
                    value = scheme.ansi().new Text(glued, scheme);
                }
            }
            return super.putValue(row, col, value);
        }

        @Override
        public StringBuilder toString(StringBuilder text) {
            StringBuilder own = super.toString(new StringBuilder());
            return text.append(unglued(own));
        }

        @Override
        public String toString() {
            return toString(new StringBuilder()).toString();
        }
    }
}
