package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Help texts wrap at spaces only, so that paths, "e.g." and numbers stay whole. */
class SpaceWrappedHelpTest {
    @Test
    void gluingSwapsOnlyCharactersInsideWordsAndIsUndone() {
        String text = "e.g. ~/.cache/atelier, 0=1.5,6=2 (end).";
        String glued = SpaceWrappedHelp.glued(text);
        // "e.g." keeps its final '.', which a space follows; the first '.' is swapped
        assertEquals('\uE000', glued.charAt(1));
        assertEquals('.', glued.charAt(3));
        assertEquals('.', glued.charAt(glued.length() - 1), "the last character is inside no word");
        assertEquals(text, SpaceWrappedHelp.unglued(glued));
    }

    /** Every word of every command's and option's description appears whole on one line of its command's help. */
    @Test
    void everyWordOfEveryDescriptionStaysOnOneLine() {
        CommandLine root = AtelierCli.commandLine();
        List<String> broken = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
        commands.add(root);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> lines = help.lines().toList();
            List<String[]> texts = new ArrayList<>();
            texts.add(new String[] {"description", String.join(" ", command.getCommandSpec().usageMessage().description())});
            if (command == root) {
                // the list of commands: each one's description, on the root's help
                root.getSubcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                        .forEach(e -> texts.add(new String[] {"command " + e.getKey(),
                        e.getValue().getCommandSpec().usageMessage().description()[0]}));
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                texts.add(new String[] {option.longestName(), String.join(" ", option.description())});
            }
            for (String[] text : texts) {
                for (String word : text[1].split("\\s+")) {
                    // ${DEFAULT-VALUE} and the like are expanded by picocli; words longer than the column may be cut.
                    if (word.contains("${") || word.length() > 40 || word.isEmpty()) {
                        continue;
                    }
                    if (lines.stream().noneMatch(line -> line.contains(word))) {
                        broken.add(command.getCommandName() + " " + text[0] + ": " + word);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
